package org.proxytrunks.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

/**
 * Publishes records to the suite's topics the way the command services' Axon publisher does
 * (JSON value, the aggregate id as key, Axon's headers), without a command service: for tests of
 * the consumers, including records no command service would ever publish.
 */
public final class EventWriter implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaProducer<String, byte[]> producer;

    public EventWriter(String bootstrap) {
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
    }

    /** Publishes {@code event} (a record of shared-events) as event {@code sequence} of aggregate {@code key}. */
    public RecordMetadata publish(String topic, String key, long sequence, Object event) {
        try {
            return publishRaw(topic, key, sequence, event.getClass().getName(), JSON.writeValueAsBytes(event));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Publishes {@code value} as it is, under the headers of an event of type {@code typeName}. */
    public RecordMetadata publishRaw(String topic, String key, long sequence, String typeName, byte[] value) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
        record.headers().add("axon-message-id", UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
        record.headers().add("axon-message-type", typeName.getBytes(StandardCharsets.UTF_8));
        record.headers().add("axon-message-revision", "1".getBytes(StandardCharsets.UTF_8));
        record.headers().add("axon-message-aggregate-seq", ByteBuffer.allocate(8).putLong(sequence).array());
        record.headers().add("axon-message-timestamp", ByteBuffer.allocate(8).putLong(System.currentTimeMillis()).array());
        try {
            return producer.send(record).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not publish to " + topic, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
