package org.proxytrunks.support.kafka;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Kafka record that could not be decoded or applied, kept whole — value and headers as raw
 * bytes — so that an operator can see what it was and nothing of it is lost.
 *
 * @param topic     where it was read
 * @param partition its partition
 * @param offset    its offset: topic, partition and offset identify it
 * @param key       the record key (the aggregate id), or null
 * @param value     the record value as published, or null
 * @param headers   the record headers as published (the last value of a repeated header)
 * @param reason    why it was parked
 * @param parkedAt  when it was first parked
 */
public record ParkedRecord(String topic, int partition, long offset, String key, byte[] value,
                           Map<String, byte[]> headers, String reason, Instant parkedAt) {

    public ParkedRecord {
        headers = Map.copyOf(headers);
    }

    /** {@code record} parked now for {@code reason}. */
    public static ParkedRecord of(ConsumerRecord<String, byte[]> record, String reason) {
        Map<String, byte[]> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), header.value() == null ? new byte[0] : header.value());
        }
        return new ParkedRecord(record.topic(), record.partition(), record.offset(), record.key(), record.value(),
                headers, reason, Instant.now());
    }

    /** Identifies the record: topic/partition/offset. */
    public String id() {
        return topic + "/" + partition + "/" + offset;
    }

    /** The value as text when it is UTF-8 (the events are JSON), for reading; null otherwise. */
    @JsonProperty("valueText")
    public String valueText() {
        if (value == null) {
            return null;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(value)).toString();
        } catch (CharacterCodingException notText) {
            return null;
        }
    }

    /** The event type the record claims (Axon's {@code axon-message-type} header), or null. */
    @JsonProperty("type")
    public String type() {
        byte[] type = headers.get("axon-message-type");
        return type == null ? null : new String(type, StandardCharsets.UTF_8);
    }

    String where() {
        return topic + "-" + partition + "@" + offset;
    }
}
