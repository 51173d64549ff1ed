package org.proxytrunks.projector.consumer;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.proxytrunks.events.Topics;
import org.proxytrunks.projector.view.Projections;
import org.proxytrunks.support.kafka.EventConsumers;
import org.proxytrunks.support.kafka.EventDecoder;
import org.proxytrunks.projector.view.ReadModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Feeds one generation of the read models from both topics, in a thread of its own. Its
 * position is the consumer group's committed offsets, committed after the events are applied:
 * after a restart it resumes there, and the few events applied again change nothing
 * ({@link Projections} is idempotent). A failing event is retried, never skipped.
 */
public final class ProjectionRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProjectionRunner.class);
    private static final Duration RETRY = Duration.ofSeconds(1);

    private final ReadModel model;
    private final String group;
    private final KafkaConsumer<String, byte[]> consumer;
    private final EventDecoder decoder = new EventDecoder();
    private final Map<TopicPartition, Long> positions = new ConcurrentHashMap<>();
    private final AtomicLong applied = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile String lastError;

    public ProjectionRunner(ReadModel model, String bootstrap, String group) {
        this.model = model;
        this.group = group;
        this.consumer = EventConsumers.create(bootstrap, group);
        this.thread = new Thread(this::run, "projection-g" + model.generation());
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    public ReadModel model() {
        return model;
    }

    public String group() {
        return group;
    }

    /** The next offset to read of each partition seen so far. */
    public Map<TopicPartition, Long> positions() {
        return Map.copyOf(positions);
    }

    /** How many events this runner has applied. */
    public long applied() {
        return applied.get();
    }

    public String lastError() {
        return lastError;
    }

    private void run() {
        try {
            consumer.subscribe(List.of(Topics.ADDRESSES, Topics.ASSIGNMENTS));
            while (running) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(500));
                for (TopicPartition partition : consumer.assignment()) {
                    positions.put(partition, consumer.position(partition));
                }
                if (records.isEmpty()) {
                    continue;
                }
                applyWithRetry(records);
                consumer.commitSync();
                records.partitions().forEach(p -> positions.put(p, consumer.position(p)));
            }
        } catch (WakeupException stopping) {
            // closed
        } catch (RuntimeException e) {
            lastError = e.getMessage();
            LOG.error("Projection of generation {} stopped", model.generation(), e);
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private void applyWithRetry(ConsumerRecords<String, byte[]> records) {
        for (ConsumerRecord<String, byte[]> record : records) {
            while (running) {
                try {
                    decoder.decode(record).ifPresent(event -> Projections.apply(model, event));
                    applied.incrementAndGet();
                    lastError = null;
                    break;
                } catch (RuntimeException e) {
                    lastError = e.getMessage();
                    LOG.warn("Could not apply {}-{}@{} to generation {}; retrying: {}", record.topic(), record.partition(),
                            record.offset(), model.generation(), e.getMessage());
                    sleep();
                }
            }
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(RETRY.toMillis());
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
}
