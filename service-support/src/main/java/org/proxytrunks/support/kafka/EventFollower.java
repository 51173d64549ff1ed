package org.proxytrunks.support.kafka;

import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.proxytrunks.events.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Follows both topics in a thread of its own and hands every event of the contract to a
 * handler, in order per partition, then ends each batch with {@code afterBatch} (where a handler
 * that gathers writes sends them). A failing event or batch end is retried (every second) until
 * it goes through, never skipped. With {@code commit}, the group's offsets are committed once a
 * batch has ended, so a restart resumes there (the handler must be idempotent for the few events
 * applied again). A {@linkplain Builder#startAt start position} lets a caller that keeps its
 * own positions say where each partition resumes instead.
 */
public final class EventFollower implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventFollower.class);
    private static final Duration RETRY = Duration.ofSeconds(1);

    private final KafkaConsumer<String, byte[]> consumer;
    private final boolean commit;
    private final Consumer<EventEnvelope> handler;
    private final Runnable afterBatch;
    private final Function<TopicPartition, OptionalLong> startAt;
    private final EventDecoder decoder = new EventDecoder();
    private final Map<TopicPartition, Long> positions = new ConcurrentHashMap<>();
    private final AtomicLong applied = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile String lastError;

    /**
     * A follower with the group's committed offsets as its start (see {@link #builder}).
     *
     * @param group      the consumer group (a new group starts at the beginning of the topics)
     * @param commit     whether to commit the group's offsets after each batch
     * @param handler    applies one event
     * @param afterBatch ends each non-empty batch, before its offsets count as applied
     */
    public EventFollower(String bootstrap, String group, String threadName, boolean commit,
                         Consumer<EventEnvelope> handler, Runnable afterBatch) {
        this(builder(bootstrap, group, threadName, handler).commit(commit).afterBatch(afterBatch));
    }

    private EventFollower(Builder settings) {
        this.consumer = EventConsumers.create(settings.bootstrap, settings.group);
        this.commit = settings.commit;
        this.handler = settings.handler;
        this.afterBatch = settings.afterBatch;
        this.startAt = settings.startAt;
        this.thread = new Thread(this::run, settings.threadName);
        this.thread.setDaemon(true);
    }

    /**
     * A follower of {@code group} that hands every event to {@code handler} in a thread named
     * {@code threadName}; the builder's other settings are optional.
     */
    public static Builder builder(String bootstrap, String group, String threadName, Consumer<EventEnvelope> handler) {
        return new Builder(bootstrap, group, threadName, handler);
    }

    public void start() {
        thread.start();
    }

    /** The next offset to apply of each partition seen so far: everything before it has been applied. */
    public Map<TopicPartition, Long> positions() {
        return Map.copyOf(positions);
    }

    /** How many records have gone through (events applied, other records passed over). */
    public long applied() {
        return applied.get();
    }

    /** The last error met while applying (it is retried), or null. */
    public String lastError() {
        return lastError;
    }

    private void run() {
        try {
            consumer.subscribe(List.of(Topics.ADDRESSES, Topics.ASSIGNMENTS), new StartPositions());
            while (running) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(500));
                records.forEach(this::applyWithRetry);
                if (!records.isEmpty()) {
                    retryUntilDone("the end of a batch", afterBatch);
                }
                if (!records.isEmpty() && commit) {
                    consumer.commitSync();
                }
                // only now: a position counts what has been applied, not what has merely been fetched
                consumer.assignment().forEach(p -> positions.put(p, consumer.position(p)));
            }
        } catch (WakeupException stopping) {
            // closed
        } catch (RuntimeException e) {
            lastError = e.getMessage();
            LOG.error("Following the topics in {} stopped", thread.getName(), e);
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private void applyWithRetry(ConsumerRecord<String, byte[]> record) {
        boolean done = retryUntilDone(record.topic() + "-" + record.partition() + "@" + record.offset(),
                () -> decoder.decode(record).ifPresent(handler));
        if (done) {
            applied.incrementAndGet();
        }
    }

    /** Runs {@code step} until it goes through (true) or the follower stops (false). */
    private boolean retryUntilDone(String what, Runnable step) {
        while (running) {
            try {
                step.run();
                lastError = null;
                return true;
            } catch (RuntimeException e) {
                lastError = e.getMessage();
                LOG.warn("Could not apply {} in {}; retrying: {}", what, thread.getName(), e.getMessage());
                try {
                    Thread.sleep(RETRY.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return false;
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Seeks each partition assigned to this follower to the start position its owner answers, if any. */
    private final class StartPositions implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            partitions.forEach(partition -> startAt.apply(partition).ifPresent(offset -> consumer.seek(partition, offset)));
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            // the offsets of what was applied are committed after each batch
        }
    }

    /** The settings of an {@link EventFollower}; only the builder's arguments are required. */
    public static final class Builder {

        private final String bootstrap;
        private final String group;
        private final String threadName;
        private final Consumer<EventEnvelope> handler;
        private boolean commit;
        private Runnable afterBatch = () -> { };
        private Function<TopicPartition, OptionalLong> startAt = partition -> OptionalLong.empty();

        private Builder(String bootstrap, String group, String threadName, Consumer<EventEnvelope> handler) {
            this.bootstrap = Objects.requireNonNull(bootstrap, "bootstrap");
            this.group = Objects.requireNonNull(group, "group");
            this.threadName = Objects.requireNonNull(threadName, "threadName");
            this.handler = Objects.requireNonNull(handler, "handler");
        }

        /** Whether to commit the group's offsets after each batch (default: no). */
        public Builder commit(boolean commit) {
            this.commit = commit;
            return this;
        }

        /** Ends each non-empty batch, before its offsets count as applied (default: nothing). */
        public Builder afterBatch(Runnable afterBatch) {
            this.afterBatch = Objects.requireNonNull(afterBatch, "afterBatch");
            return this;
        }

        /**
         * Where a partition resumes: consulted whenever a partition is assigned to the follower
         * (at the start, and again after any rebalance), it answers the next offset to read, or
         * empty for the group's committed offset (the beginning for a new group). A caller that
         * stores its own positions with what it applied answers them here.
         */
        public Builder startAt(Function<TopicPartition, OptionalLong> startAt) {
            this.startAt = Objects.requireNonNull(startAt, "startAt");
            return this;
        }

        public EventFollower build() {
            return new EventFollower(this);
        }
    }
}
