package org.proxytrunks.support.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.proxytrunks.events.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Follows both topics in a thread of its own and hands every event of the contract to a
 * handler, in order per partition, then ends each batch with {@code afterBatch} (where a handler
 * that gathers writes sends them). A failing event or batch end is retried (every second) until
 * it goes through, never skipped. With {@code commit}, the group's offsets are committed once a
 * batch has ended, so a restart resumes there (the handler must be idempotent for the few events
 * applied again).
 */
public final class EventFollower implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventFollower.class);
    private static final Duration RETRY = Duration.ofSeconds(1);

    private final KafkaConsumer<String, byte[]> consumer;
    private final boolean commit;
    private final Consumer<EventEnvelope> handler;
    private final Runnable afterBatch;
    private final EventDecoder decoder = new EventDecoder();
    private final Map<TopicPartition, Long> positions = new ConcurrentHashMap<>();
    private final AtomicLong applied = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile String lastError;

    /**
     * @param group      the consumer group (a new group starts at the beginning of the topics)
     * @param commit     whether to commit the group's offsets after each batch
     * @param handler    applies one event
     * @param afterBatch ends each non-empty batch, before its offsets count as applied
     */
    public EventFollower(String bootstrap, String group, String threadName, boolean commit,
                         Consumer<EventEnvelope> handler, Runnable afterBatch) {
        this.consumer = EventConsumers.create(bootstrap, group);
        this.commit = commit;
        this.handler = handler;
        this.afterBatch = afterBatch;
        this.thread = new Thread(this::run, threadName);
        this.thread.setDaemon(true);
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
            consumer.subscribe(List.of(Topics.ADDRESSES, Topics.ASSIGNMENTS));
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
}
