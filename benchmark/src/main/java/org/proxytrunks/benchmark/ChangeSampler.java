package org.proxytrunks.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import org.proxytrunks.benchmark.stats.LatencyRecorder;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Follows sampled changes to where they take effect: Kamailio's {@code carriers} htable (polled over
 * XML-RPC by one thread, whatever the number of samples in flight: every {@value #POLL_MILLIS} ms,
 * or every 1% of the change's age once that is longer)
 * and the projector's read model (a query with {@code waitFor}, asked again after each 503). Each
 * latency runs from the command's scheduled send time.
 */
final class ChangeSampler implements AutoCloseable {

    static final long POLL_MILLIS = 5;

    /** The samples of one phase. */
    static final class Samples {
        final LatencyRecorder toKamailio = new LatencyRecorder();
        final LatencyRecorder toProjector = new LatencyRecorder();
        final AtomicInteger tracked = new AtomicInteger();
        final AtomicInteger kamailioMissed = new AtomicInteger();
        final AtomicInteger projectorMissed = new AtomicInteger();
        final AtomicInteger projectorWrong = new AtomicInteger();
        final AtomicInteger pollErrors = new AtomicInteger();
        private final List<String> problems = new ArrayList<>();
        private int pending;

        synchronized void begin(int legs) {
            pending += legs;
        }

        synchronized void end() {
            pending--;
            notifyAll();
        }

        synchronized void problem(String text) {
            if (problems.size() < 5) {
                problems.add(text);
            }
        }

        synchronized List<String> problems() {
            return List.copyOf(problems);
        }

        /** Waits until every leg of every sample has arrived or given up. */
        synchronized boolean await(Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (pending > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            return true;
        }
    }

    private record Sample(Samples set, long sentNanos, long deadlineNanos, long pollNanos, String brand, String carrier,
                          String addressId, String socket, String position) {
    }

    private static final class Poll implements Delayed {
        final Sample sample;
        volatile long dueNanos;
        String lastSeen;

        Poll(Sample sample, long dueNanos) {
            this.sample = sample;
            this.dueNanos = dueNanos;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(dueNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(dueNanos, ((Poll) other).dueNanos);
        }
    }

    private final Api api;
    private final KamailioRpc kamailio;
    private final Duration timeout;
    private final DelayQueue<Poll> polls = new DelayQueue<>();
    private final Thread poller;
    private volatile boolean closed;

    ChangeSampler(Api api, KamailioRpc kamailio, Duration timeout) {
        this.api = api;
        this.kamailio = kamailio;
        this.timeout = timeout;
        this.poller = Threads.daemon("kamailio-poller").newThread(this::pollLoop);
        if (kamailio != null) {
            poller.start();
        }
    }

    boolean followsKamailio() {
        return kamailio != null;
    }

    Duration timeout() {
        return timeout;
    }

    /**
     * Follows a change the command answered 2xx to: carrier {@code carrier} of {@code brand} now uses
     * {@code addressId}, whose UDP socket is {@code socket}; the answer's event position is
     * {@code position}. Kamailio is polled every {@value #POLL_MILLIS} ms; both give up after the
     * sampler's timeout.
     */
    void track(Samples set, long sentNanos, String brand, String carrier, String addressId, String socket, String position) {
        track(set, sentNanos, brand, carrier, addressId, socket, position, timeout, Duration.ofMillis(POLL_MILLIS));
    }

    /** As {@link #track(Samples, long, String, String, String, String, String)}, with its own timeout and poll interval. */
    void track(Samples set, long sentNanos, String brand, String carrier, String addressId, String socket, String position,
               Duration giveUpAfter, Duration pollEvery) {
        Sample sample = new Sample(set, sentNanos, sentNanos + giveUpAfter.toNanos(), pollEvery.toNanos(), brand, carrier,
                addressId, socket, position);
        set.tracked.incrementAndGet();
        set.begin(kamailio == null ? 1 : 2);
        if (kamailio != null) {
            polls.add(new Poll(sample, System.nanoTime()));
        }
        readModel(sample);
    }

    private void pollLoop() {
        while (!closed) {
            Poll poll;
            try {
                poll = polls.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (poll == null) {
                continue;
            }
            Sample sample = poll.sample;
            String value = null;
            try {
                value = kamailio.htableGet("carriers", sample.carrier());
                poll.lastSeen = value;
            } catch (IOException e) {
                sample.set().pollErrors.incrementAndGet();
                poll.lastSeen = "error: " + e.getMessage();
            }
            long now = System.nanoTime();
            if (sample.socket().equals(value)) {
                sample.set().toKamailio.record(now - sample.sentNanos());
                sample.set().end();
            } else if (now - sample.deadlineNanos() >= 0) {
                sample.set().kamailioMissed.incrementAndGet();
                sample.set().problem("carrier " + sample.carrier() + " never reached Kamailio as " + sample.socket()
                        + " within " + seconds(sample) + " s (last seen: " + poll.lastSeen + ")");
                sample.set().end();
            } else {
                // every POLL_MILLIS at first, then at 1% of the change's age: the resolution stays
                // relative, and a long backlog does not turn the poller into load of its own
                poll.dueNanos = now + Math.max(sample.pollNanos(), (now - sample.sentNanos()) / 100);
                polls.add(poll);
            }
        }
    }

    private static long seconds(Sample sample) {
        return Math.round((sample.deadlineNanos() - sample.sentNanos()) / 1e9);
    }

    private void readModel(Sample sample) {
        long left = sample.deadlineNanos() - System.nanoTime();
        if (left <= 0) {
            sample.set().projectorMissed.incrementAndGet();
            sample.set().problem("carrier " + sample.carrier() + " never reached the projector's read model within "
                    + seconds(sample) + " s (waitFor " + sample.position() + ")");
            sample.set().end();
            return;
        }
        Duration wait = Duration.ofNanos(Math.min(left, Duration.ofSeconds(20).toNanos()));
        api.sendAsync(api.readCarrier(sample.brand(), sample.carrier(), sample.position(), wait.plusSeconds(1)))
                .whenComplete((response, error) -> answered(sample, response, error));
    }

    private void answered(Sample sample, HttpResponse<String> response, Throwable error) {
        long now = System.nanoTime();
        if (error == null && response.statusCode() == 200) {
            String seen;
            try {
                JsonNode view = Api.JSON.readTree(response.body());
                seen = view.path("address").path("id").asText(null);
            } catch (IOException e) {
                seen = "unreadable: " + e.getMessage();
            }
            if (sample.addressId().equals(seen)) {
                sample.set().toProjector.record(now - sample.sentNanos());
            } else {
                sample.set().projectorWrong.incrementAndGet();
                sample.set().problem("the projector answered carrier " + sample.carrier() + " with address " + seen
                        + " after waitFor " + sample.position() + ", not " + sample.addressId());
            }
            sample.set().end();
            return;
        }
        if (closed) {
            sample.set().end();
            return;
        }
        // 503 (not caught up within the projector's wait), or not there yet: ask again shortly
        CompletableFuture.runAsync(() -> readModel(sample), CompletableFuture.delayedExecutor(20, TimeUnit.MILLISECONDS));
    }

    @Override
    public void close() {
        closed = true;
        poller.interrupt();
    }
}
