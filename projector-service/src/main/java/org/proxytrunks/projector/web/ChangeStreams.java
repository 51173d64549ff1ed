package org.proxytrunks.projector.web;

import org.proxytrunks.projector.consumer.AppliedEvent;
import org.proxytrunks.projector.consumer.ProjectionListener;
import org.proxytrunks.projector.query.Views.Change;
import org.proxytrunks.support.security.Actor;
import org.proxytrunks.support.security.Role;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The open change streams ({@code GET /api/changes}): each is told every change the live
 * projection has written, a brand admin's only its own brand's. The projection's thread only
 * queues ({@link ChangeSubscriber}); writing to the clients is done by threads of their own, so a
 * slow client slows nobody. At most {@code proxytrunks.projector.max-change-streams} are open at
 * once (each holds a connection and, while writing, a thread). A heartbeat comment every
 * {@code change-stream-heartbeat} keeps proxies from closing a quiet stream and finds the
 * clients that have gone. A stream ends after {@code change-stream-timeout}, when a replay makes
 * another generation live, and when the service stops, before the web server waits for open
 * requests; the client's EventSource reconnects.
 */
@Component
class ChangeStreams implements ProjectionListener, SmartLifecycle {

    private final int maxStreams;
    private final int queueCapacity;
    private final Duration heartbeat;
    private final Duration timeout;
    private final Semaphore places;
    private final Set<ChangeSubscriber> subscribers = ConcurrentHashMap.newKeySet();
    /** Writes to the clients: at most one task per open stream at a time, so as many threads as streams at worst, fewer when idle. */
    private final ExecutorService writers = Executors.newCachedThreadPool(daemonThreads("change-stream-writer"));
    private volatile ScheduledExecutorService heartbeats;

    ChangeStreams(@Value("${proxytrunks.projector.max-change-streams:100}") int maxStreams,
                  @Value("${proxytrunks.projector.change-stream-queue:256}") int queueCapacity,
                  @Value("${proxytrunks.projector.change-stream-heartbeat:15s}") Duration heartbeat,
                  @Value("${proxytrunks.projector.change-stream-timeout:30m}") Duration timeout) {
        if (maxStreams < 1 || queueCapacity < 1) {
            throw new IllegalArgumentException("proxytrunks.projector.max-change-streams and change-stream-queue must be at least 1");
        }
        this.maxStreams = maxStreams;
        this.queueCapacity = queueCapacity;
        this.heartbeat = heartbeat;
        this.timeout = timeout;
        this.places = new Semaphore(maxStreams);
    }

    /**
     * Opens a stream for {@code actor}.
     *
     * @throws TooManyChangeStreamsException when as many streams as allowed are open
     * @throws NotRunningException           when the service is starting or stopping
     */
    SseEmitter open(Actor actor) {
        if (!isRunning()) {
            throw new NotRunningException();
        }
        if (!places.tryAcquire()) {
            throw new TooManyChangeStreamsException(maxStreams);
        }
        SseEmitter emitter = new SseEmitter(timeout.toMillis());
        ChangeSubscriber subscriber = new ChangeSubscriber(actor.role() == Role.BRAND_ADMIN ? actor.brandId() : null,
                queueCapacity, writers, new EmitterConnection(emitter));
        AtomicBoolean released = new AtomicBoolean();
        emitter.onCompletion(() -> {
            if (released.compareAndSet(false, true)) {
                subscribers.remove(subscriber);
                places.release();
            }
        });
        // ended here and now: left open, the time-out would go on as an error answer to a stream already under way
        emitter.onTimeout(() -> {
            subscriber.close();
            emitter.complete();
        });
        emitter.onError(error -> subscriber.close());
        try {
            // the head and a first line go out at once, so the client knows the stream is open before any change
            emitter.send(SseEmitter.event().comment("connected"));
        } catch (IOException e) {
            places.release();
            throw new UncheckedIOException(e);
        }
        subscribers.add(subscriber);
        return emitter;
    }

    @Override
    public void applied(List<AppliedEvent> events) {
        if (subscribers.isEmpty()) {
            return;
        }
        for (AppliedEvent event : events) {
            Change change = new Change(event.position(), event.aggregate(), event.sequence(), event.type(), event.brand());
            subscribers.forEach(subscriber -> subscriber.offer(change));
        }
    }

    @Override
    public void generationReplaced() {
        subscribers.forEach(ChangeSubscriber::close);
    }

    @Override
    public void start() {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(daemonThreads("change-stream-heartbeat"));
        long every = heartbeat.toMillis();
        scheduler.scheduleAtFixedRate(() -> subscribers.forEach(ChangeSubscriber::heartbeat), every, every, TimeUnit.MILLISECONDS);
        heartbeats = scheduler;
    }

    /** Ends every stream, so that the web server's graceful shutdown does not wait for them. */
    @Override
    public void stop() {
        ScheduledExecutorService scheduler = heartbeats;
        heartbeats = null;
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        subscribers.forEach(ChangeSubscriber::close);
        writers.shutdown();
        try {
            writers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return heartbeats != null;
    }

    /**
     * Stopped before the web server's graceful shutdown (a lower phase, stopped later), which
     * would otherwise wait for the open streams.
     */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE;
    }

    private static ThreadFactory daemonThreads(String name) {
        AtomicInteger next = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, name + "-" + next.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** A client's stream as Server-Sent Events. */
    private record EmitterConnection(SseEmitter emitter) implements ChangeSubscriber.Connection {

        @Override
        public void send(Change change) throws IOException {
            SseEmitter.SseEventBuilder event = SseEmitter.event().name("change").data(change, MediaType.APPLICATION_JSON);
            // an id is one line: a position with a line break (no command service makes one) would end it early
            if (change.position().chars().noneMatch(c -> c == '\n' || c == '\r')) {
                event.id(change.position());
            }
            emitter.send(event);
        }

        @Override
        public void heartbeat() throws IOException {
            emitter.send(SseEmitter.event().comment("heartbeat"));
        }

        @Override
        public void close() {
            emitter.complete();
        }
    }

    /** As many change streams as allowed are open. */
    static final class TooManyChangeStreamsException extends RuntimeException {
        TooManyChangeStreamsException(int maxStreams) {
            super(maxStreams + " change streams are open, as many as allowed; retry in a moment.");
        }
    }

    /** The service is starting or stopping and opens no stream. */
    static final class NotRunningException extends RuntimeException {
        NotRunningException() {
            super("The service is starting or stopping; reconnect in a moment.");
        }
    }
}
