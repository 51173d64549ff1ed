package org.proxytrunks.support.kafka;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.Map;

/**
 * Kafka consumers for the suite's topics, for the services that read them with a consumer of
 * their own: committed records only (the publishers write in transactions), from the beginning
 * for a new group, positions committed by the caller, and new topics noticed within seconds.
 */
public final class EventConsumers {

    private EventConsumers() {
    }

    /** Kafka's default {@code max.poll.interval.ms}. */
    public static final Duration DEFAULT_MAX_POLL_INTERVAL = Duration.ofMinutes(5);

    /** A consumer in {@code group} of a PLAINTEXT broker; records as {@link EventDecoder} reads them. */
    public static KafkaConsumer<String, byte[]> create(String bootstrap, String group) {
        return create(KafkaConnection.plaintext(bootstrap), group, DEFAULT_MAX_POLL_INTERVAL);
    }

    /** A consumer in {@code group}; records as {@link EventDecoder} reads them. */
    public static KafkaConsumer<String, byte[]> create(KafkaConnection kafka, String group) {
        return create(kafka, group, DEFAULT_MAX_POLL_INTERVAL);
    }

    /**
     * A consumer in {@code group} that is put out of it when it does not poll within
     * {@code maxPollInterval}.
     */
    public static KafkaConsumer<String, byte[]> create(KafkaConnection kafka, String group, Duration maxPollInterval) {
        return new KafkaConsumer<>(kafka.clientProperties(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.METADATA_MAX_AGE_CONFIG, 2000,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 200,
                ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) maxPollInterval.toMillis(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class)));
    }
}
