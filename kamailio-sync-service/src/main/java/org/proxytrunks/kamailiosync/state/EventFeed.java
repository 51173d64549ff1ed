package org.proxytrunks.kamailiosync.state;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.proxytrunks.events.Topics;
import org.proxytrunks.support.kafka.EventConsumers;
import org.proxytrunks.support.kafka.EventDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Folds both topics into the {@link DesiredState}. At every start it reads the whole history
 * again (the topics keep it forever), so the state it rebuilds is complete and the applier
 * re-applies whatever Kamailio may have missed; then it follows new events. After each batch
 * that changed the state it tells the applier.
 */
public final class EventFeed implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventFeed.class);

    private final DesiredState state;
    private final Runnable changed;
    private final KafkaConsumer<String, byte[]> consumer;
    private final EventDecoder decoder = new EventDecoder();
    private final Map<TopicPartition, Long> positions = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    public EventFeed(DesiredState state, String bootstrap, Runnable changed) {
        this.state = state;
        this.changed = changed;
        this.consumer = EventConsumers.create(bootstrap, "kamailio-sync-" + UUID.randomUUID());
        this.thread = new Thread(this::run, "kamailio-sync-feed");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** The next offset to read of each partition: how far the desired state has got. */
    public Map<String, Long> positions() {
        Map<String, Long> named = new java.util.TreeMap<>();
        positions.forEach((p, offset) -> named.put(p.topic() + "-" + p.partition(), offset));
        return named;
    }

    private void run() {
        try {
            consumer.subscribe(List.of(Topics.ADDRESSES, Topics.ASSIGNMENTS));
            while (running) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(500));
                for (ConsumerRecord<String, byte[]> record : records) {
                    decoder.decode(record).ifPresent(event -> state.apply(event.payload()));
                }
                consumer.assignment().forEach(p -> positions.put(p, consumer.position(p)));
                if (!records.isEmpty()) {
                    changed.run();
                }
            }
        } catch (WakeupException stopping) {
            // closed
        } catch (RuntimeException e) {
            LOG.error("The event feed stopped", e);
        } finally {
            consumer.close(Duration.ofSeconds(2));
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
