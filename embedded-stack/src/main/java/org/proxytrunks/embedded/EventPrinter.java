package org.proxytrunks.embedded;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;

import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Prints the events on the suite's topics from the beginning, one line each: topic, key, type,
 * revision, actor, time and the JSON payload. Stops after a quiet spell unless following.
 */
final class EventPrinter {

    static final List<String> TOPICS = List.of("proxytrunks.addresses", "proxytrunks.assignments");

    private EventPrinter() {
    }

    static void print(String bootstrap, boolean follow, PrintStream out) {
        try (KafkaConsumer<String, String> consumer = TopicConsumers.fromBeginning(bootstrap, "event-printer")) {
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
