package org.proxytrunks.support.kafka;

import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.proxytrunks.events.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Follows both topics in a thread of its own and hands every event of the contract to a
 * handler, in order per partition, then ends each batch with {@code afterBatch} (where a handler
 * that gathers writes sends them). With {@code commit}, the group's offsets are committed once a
 * batch has ended, so a restart resumes there (the handler must be idempotent for the few events
 * applied again). A {@linkplain Builder#startAt start position} lets a caller that keeps its
 * own positions say where each partition resumes instead.
 *
 * <p>Two kinds of failure are told apart. A record that cannot be decoded, or that the handler
 * throws on, is a data problem that no retry cures: it is {@linkplain ParkedRecords parked} and
 * the records after it apply. A failing {@code afterBatch} (the batch's writes) is an outage: it
 * is retried every second until it goes through, never skipped, while the consumer stays in its
 * group ({@link KeepAlive}). Should the consumer be put out of its group all the same (a commit
 * refused after a rebalance), it rejoins and resumes from the committed offsets. Only an
 * {@link Error} or an unexpected exception ends the thread, which {@link #alive()} then tells.
 */
public final class EventFollower implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventFollower.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration RETRY = Duration.ofSeconds(1);

    private final KafkaConsumer<String, byte[]> consumer;
    private final boolean commit;
    private final Consumer<EventEnvelope> handler;
    private final Runnable afterBatch;
    private final Function<TopicPartition, OptionalLong> startAt;
    private final ParkedRecords parked;
    private final KeepAlive keepAlive;
    private final EventDecoder decoder = new EventDecoder();
    private final Map<TopicPartition, Long> positions = new ConcurrentHashMap<>();
    private final AtomicLong applied = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile String lastError;

    /**
     * A follower with the group's committed offsets as its start and its parked records kept in
     * memory (see {@link #builder} for the other settings).
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
        this.consumer = EventConsumers.create(settings.kafka, settings.group, settings.maxPollInterval);
        this.commit = settings.commit;
        this.handler = settings.handler;
        this.afterBatch = settings.afterBatch;
        this.startAt = settings.startAt;
        this.parked = settings.parked;
        this.thread = new Thread(this::run, settings.threadName);
        this.thread.setDaemon(true);
        this.keepAlive = new KeepAlive(consumer, settings.threadName, () -> running, error -> lastError = error);
    }

    /**
     * A follower of {@code group} that hands every event to {@code handler} in a thread named
     * {@code threadName}; the builder's other settings are optional.
     */
    public static Builder builder(KafkaConnection kafka, String group, String threadName, Consumer<EventEnvelope> handler) {
        return new Builder(kafka, group, threadName, handler);
    }

    /** {@link #builder(KafkaConnection, String, String, Consumer)} for a PLAINTEXT broker. */
    public static Builder builder(String bootstrap, String group, String threadName, Consumer<EventEnvelope> handler) {
        return builder(KafkaConnection.plaintext(bootstrap), group, threadName, handler);
    }

    public void start() {
        thread.start();
    }

    /** The name of the follower's thread. */
    public String name() {
        return thread.getName();
    }

    /**
     * Whether the follower's thread runs: false before {@link #start()}, after {@link #close()},
     * and when the thread has ended on an error — then nothing is applied any more.
     */
    public boolean alive() {
        return thread.isAlive();
    }

    /** The next offset to apply of each partition seen so far: everything before it has been applied. */
    public Map<TopicPartition, Long> positions() {
        return Map.copyOf(positions);
    }

    /** How many records have gone through (events applied, other records passed over; not those parked). */
    public long applied() {
        return applied.get();
    }

    /** The last error met (while retrying, or the one that ended the thread), or null. */
    public String lastError() {
        return lastError;
    }

    private void run() {
        try {
            consumer.subscribe(List.of(Topics.ADDRESSES, Topics.ASSIGNMENTS), new StartPositions());
            while (running && !Thread.currentThread().isInterrupted()) {
                followOneBatch();
            }
        } catch (WakeupException stopping) {
            // closed
        } catch (RuntimeException | Error e) {
            lastError = e.toString();
            LOG.error("Following the topics in {} stopped", thread.getName(), e);
        } finally {
            keepAlive.close();
            consumer.close(Duration.ofSeconds(2));
        }
    }

    /**
     * Polls, applies and ends one batch, and commits it. A commit refused because the group was
     * rebalanced — this consumer put out of it, or its partitions moving — is no reason to stop:
     * the next poll rejoins, and a partition assigned again resumes at its committed offset, so
     * the batch is applied again rather than lost. Other Kafka errors are retried a second later.
     */
    private void followOneBatch() {
        try {
            ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
            if (!records.isEmpty() && applyAll(records) && commit) {
                consumer.commitSync();
            }
            // only now: a position counts what has been applied, not what has merely been fetched
            consumer.assignment().forEach(p -> positions.put(p, consumer.position(p)));
        } catch (CommitFailedException | RebalanceInProgressException rebalanced) {
            lastError = rebalanced.getMessage();
            LOG.warn("The group of {} was rebalanced before its batch was committed; rejoining: {}",
                    thread.getName(), rebalanced.getMessage());
        } catch (WakeupException stopping) {
            throw stopping;
        } catch (KafkaException e) {
            lastError = e.getMessage();
            LOG.warn("Kafka failed {}; going on in a second: {}", thread.getName(), e.getMessage());
            sleep(RETRY);
        }
    }

    /** Applies (or parks) every record, then ends the batch; false when stopped before. */
    private boolean applyAll(ConsumerRecords<String, byte[]> records) {
        for (ConsumerRecord<String, byte[]> record : records) {
            if (!apply(record)) {
                return false;
            }
        }
        return keepAlive.runUntilDone("the end of a batch", afterBatch);
    }

    /** Hands {@code record}'s event to the handler, or parks it; false when stopped before it was parked. */
    private boolean apply(ConsumerRecord<String, byte[]> record) {
        Optional<EventEnvelope> event;
        try {
            event = decoder.decode(record);
        } catch (RuntimeException e) {
            return park(record, "cannot be decoded: " + e.getMessage());
        }
        try {
            event.ifPresent(handler);
        } catch (RuntimeException e) {
            return park(record, "cannot be applied: " + e);
        }
        applied.incrementAndGet();
        return true;
    }

    private boolean park(ConsumerRecord<String, byte[]> record, String reason) {
        ParkedRecord parking = ParkedRecord.of(record, reason);
        LOG.error("Parking {} in {}: {}", parking.where(), thread.getName(), reason);
        return keepAlive.runUntilDone("parking " + parking.where(), () -> parked.park(parking));
    }

    private static void sleep(Duration time) {
        try {
            Thread.sleep(time.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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

        private final KafkaConnection kafka;
        private final String group;
        private final String threadName;
        private final Consumer<EventEnvelope> handler;
        private boolean commit;
        private Runnable afterBatch = () -> { };
        private Function<TopicPartition, OptionalLong> startAt = partition -> OptionalLong.empty();
        private ParkedRecords parked = new InMemoryParkedRecords();
        private Duration maxPollInterval = EventConsumers.DEFAULT_MAX_POLL_INTERVAL;

        private Builder(KafkaConnection kafka, String group, String threadName, Consumer<EventEnvelope> handler) {
            this.kafka = Objects.requireNonNull(kafka, "kafka");
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

        /**
         * Where the records that cannot be decoded or applied go (default: kept in memory, which
         * suits a follower that reads the whole history at every start).
         */
        public Builder parkedRecords(ParkedRecords parked) {
            this.parked = Objects.requireNonNull(parked, "parked");
            return this;
        }

        /**
         * The consumer's {@code max.poll.interval.ms} (default: Kafka's, 5 minutes). The follower
         * polls well within it even through an outage; a short one makes tests of eviction short.
         */
        public Builder maxPollInterval(Duration maxPollInterval) {
            this.maxPollInterval = Objects.requireNonNull(maxPollInterval, "maxPollInterval");
            return this;
        }

        public EventFollower build() {
            return new EventFollower(this);
        }
    }
}
