package org.proxytrunks.embedded;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Prints the events on the suite's topics from the beginning, one line each: topic, key, type,
 * revision, actor, time and the JSON payload. Stops after a quiet spell unless following.
 */
final class EventPrinter {

    static final List<String> TOPICS = List.of("proxytrunks.addresses", "proxytrunks.assignments");

    private EventPrinter() {
    }

    static void print(String bootstrap, boolean follow, PrintStream out) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "event-printer-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            consumer.subscribe(TOPICS);
            long quietUntil = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (follow || System.nanoTime() < quietUntil) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(300))) {
                    out.println(line(record));
                    quietUntil = System.nanoTime() + Duration.ofSeconds(2).toNanos();
                }
            }
        }
    }

    static String line(ConsumerRecord<String, String> record) {
        String type = text(record, "axon-message-type");
        String shortType = type == null ? "?" : type.substring(type.lastIndexOf('.') + 1);
        Long timestamp = number(record, "axon-message-timestamp");
        String brand = text(record, "axon-metadata-actorBrand");
        return record.topic() + " key=" + record.key() + " " + shortType + " rev " + text(record, "axon-message-revision")
                + " by " + text(record, "axon-metadata-actorSubject") + " (" + text(record, "axon-metadata-actorRole")
                + (brand == null ? "" : ", brand " + brand) + ")"
                + (timestamp == null ? "" : " at " + Instant.ofEpochMilli(timestamp)) + " " + record.value();
    }

    private static String text(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static Long number(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null || header.value().length != 8 ? null : ByteBuffer.wrap(header.value()).getLong();
    }
}
