package org.proxytrunks.embedded;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class EventPrinterTest {

    @Test
    void aLineNamesTypeRevisionActorAndTime() {
        RecordHeaders headers = new RecordHeaders();
        headers.add("axon-message-type", "org.proxytrunks.events.address.AddressAddedEvent".getBytes(StandardCharsets.UTF_8));
        headers.add("axon-message-revision", "1".getBytes(StandardCharsets.UTF_8));
        headers.add("axon-metadata-actorSubject", "god".getBytes(StandardCharsets.UTF_8));
        headers.add("axon-metadata-actorRole", "GOD".getBytes(StandardCharsets.UTF_8));
        headers.add("axon-message-timestamp", ByteBuffer.allocate(8).putLong(0L).array());
        ConsumerRecord<String, String> record = new ConsumerRecord<>("proxytrunks.addresses", 0, 0L, 0L,
                TimestampType.CREATE_TIME, 0, 0, "a1", "{\"addressId\":\"a1\"}", headers, Optional.empty());
        assertThat(EventPrinter.line(record)).isEqualTo("proxytrunks.addresses key=a1 AddressAddedEvent rev 1 by god (GOD) "
                + "at 1970-01-01T00:00:00Z {\"addressId\":\"a1\"}");
    }
}
