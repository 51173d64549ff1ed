package org.proxytrunks.testing;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.proxytrunks.embedded.TopicConsumers;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** Reads a topic from its beginning with a plain kafka-clients consumer, committed records only. */
public final class TopicReader {

    private TopicReader() {
    }

    /**
     * Reads {@code topic} until the records that match {@code wanted} number at least
     * {@code atLeast}, or {@code timeout} passes, and returns the matching ones. When they do
     * number enough, it reads on for {@code settle} to catch any extra (duplicate) records.
     */
    public static List<ConsumerRecord<String, String>> read(String bootstrap, String topic,
                                                            Predicate<ConsumerRecord<String, String>> wanted,
                                                            int atLeast, Duration timeout, Duration settle) {
        try (KafkaConsumer<String, String> consumer = TopicConsumers.fromBeginning(bootstrap, "test-reader")) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<String, String>> found = new ArrayList<>();
            long deadline = System.nanoTime() + timeout.toNanos();
            long settleUntil = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, settleUntil)) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (wanted.test(record)) {
                        found.add(record);
                    }
                }
                if (found.size() >= atLeast && settleUntil == Long.MAX_VALUE) {
                    settleUntil = System.nanoTime() + settle.toNanos();
                }
            }
            return found;
        }
    }

    /**
     * Reads {@code topic} from its beginning to the end offsets it has when the read starts (every
     * partition, committed records only) and returns the records that match {@code wanted}; fails
     * when {@code timeout} passes first, rather than answer with part of the topic.
     */
    public static List<ConsumerRecord<String, String>> readToEnd(String bootstrap, String topic,
                                                                 Predicate<ConsumerRecord<String, String>> wanted, Duration timeout) {
        try (KafkaConsumer<String, String> consumer = TopicConsumers.fromBeginning(bootstrap, "test-reader")) {
            List<org.apache.kafka.common.TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new org.apache.kafka.common.TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<org.apache.kafka.common.TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, String>> found = new ArrayList<>();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end " + end + " within " + timeout);
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (wanted.test(record)) {
                        found.add(record);
                    }
                }
            }
            return found;
        }
    }

    /**
     * Waits until the end offsets of {@code topics} have not moved for {@code quiet} (or
     * {@code timeout} passes): the producers have published what they had.
     */
    public static void awaitQuiet(String bootstrap, List<String> topics, Duration quiet, Duration timeout) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            List<org.apache.kafka.common.TopicPartition> partitions = topics.stream()
                    .flatMap(t -> consumer.partitionsFor(t).stream().map(p -> new org.apache.kafka.common.TopicPartition(t, p.partition())))
                    .toList();
            long deadline = System.nanoTime() + timeout.toNanos();
            Map<org.apache.kafka.common.TopicPartition, Long> last = consumer.endOffsets(partitions);
            long quietSince = System.nanoTime();
            while (System.nanoTime() < deadline && System.nanoTime() - quietSince < quiet.toNanos()) {
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                Map<org.apache.kafka.common.TopicPartition, Long> now = consumer.endOffsets(partitions);
                if (!now.equals(last)) {
                    last = now;
                    quietSince = System.nanoTime();
                }
            }
        }
    }

    /** A header that Axon writes as an 8-byte big-endian number (sequence numbers, timestamps), or null. */
    public static Long longHeader(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : java.nio.ByteBuffer.wrap(header.value()).getLong();
    }

    /** The text of a header, or null. */
    public static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
