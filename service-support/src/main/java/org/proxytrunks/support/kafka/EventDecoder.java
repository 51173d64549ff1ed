package org.proxytrunks.support.kafka;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.proxytrunks.events.EventMetadata;
import org.proxytrunks.events.address.AddressEvent;
import org.proxytrunks.events.assignment.AssignmentEvent;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads a Kafka record of the suite's topics into an {@link EventEnvelope}. Only the event types
 * of the published contract are ever instantiated (no class is loaded by a name the record
 * carries); a record of another type is skipped.
 */
public final class EventDecoder {

    private static final Map<String, Class<?>> CONTRACT = Stream.of(AddressEvent.class, AssignmentEvent.class)
            .flatMap(EventDecoder::concreteTypes)
            .collect(Collectors.toMap(Class::getName, Function.identity()));

    private final ObjectMapper json = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    /** The envelope of {@code record}, or empty when it is not an event of the contract. */
    public Optional<EventEnvelope> decode(ConsumerRecord<String, byte[]> record) {
        String typeName = text(record, "axon-message-type");
        Class<?> type = typeName == null ? null : CONTRACT.get(typeName);
        if (type == null || record.value() == null) {
            return Optional.empty();
        }
        try {
            Object payload = json.readValue(record.value(), type);
            Long timestamp = number(record, "axon-message-timestamp");
            Long sequence = number(record, "axon-message-aggregate-seq");
            String messageId = text(record, "axon-message-id");
            return Optional.of(new EventEnvelope(
                    messageId == null ? record.topic() + "-" + record.partition() + "-" + record.offset() : messageId,
                    record.topic(), record.partition(), record.offset(), record.key(), sequence == null ? -1 : sequence, type.getSimpleName(),
                    text(record, "axon-message-revision"),
                    Instant.ofEpochMilli(timestamp == null ? record.timestamp() : timestamp),
                    text(record, "axon-metadata-" + EventMetadata.ACTOR_SUBJECT),
                    text(record, "axon-metadata-" + EventMetadata.ACTOR_ROLE),
                    text(record, "axon-metadata-" + EventMetadata.ACTOR_BRAND),
                    payload, new String(record.value(), StandardCharsets.UTF_8)));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("event " + typeName + " at " + record.topic() + "-" + record.partition()
                    + "@" + record.offset() + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static Stream<Class<?>> concreteTypes(Class<?> type) {
        return type.isSealed() ? Arrays.stream(type.getPermittedSubclasses()).flatMap(EventDecoder::concreteTypes) : Stream.of(type);
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
