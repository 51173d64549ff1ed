package org.proxytrunks.support.axon;

import org.proxytrunks.testing.Tripwire;
import org.proxytrunks.testing.TripwireState;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.extensions.kafka.eventhandling.DefaultKafkaMessageConverter;
import org.axonframework.extensions.kafka.eventhandling.KafkaMessageConverter;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;
import org.proxytrunks.events.AddressId;
import org.proxytrunks.events.AddressName;
import org.proxytrunks.events.IpLiteral;
import org.proxytrunks.events.address.AddressAddedEvent;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ContractEventsOnlyTest {



    private static final String TOPIC = "proxytrunks.test";

    private final JacksonSerializer serializer = JacksonSerializer.builder()
            .objectMapper(JsonMapper.builder().findAndAddModules().build()).revisionResolver(new EventRevisionResolver()).build();
    private final KafkaMessageConverter<String, byte[]> axon = DefaultKafkaMessageConverter.builder().serializer(serializer).build();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ContractEventsOnly converter = new ContractEventsOnly(axon, meters);

    private static ConsumerRecord<String, byte[]> consumed(ProducerRecord<String, byte[]> produced, long offset) {
        return new ConsumerRecord<>(TOPIC, 0, offset, 0L, TimestampType.CREATE_TIME, 0, produced.value().length,
                produced.key(), produced.value(), new RecordHeaders(produced.headers().toArray()), Optional.empty());
    }

    private ProducerRecord<String, byte[]> contractEvent(String addressId) {
        AddressAddedEvent event = new AddressAddedEvent(new AddressId(addressId), new AddressName("address " + addressId),
                IpLiteral.parse("127.0.0.7"), null, false);
        return converter.createKafkaMessage(GenericEventMessage.asEventMessage(event), TOPIC);
    }

    private ProducerRecord<String, byte[]> naming(String typeName, String json) {
        ProducerRecord<String, byte[]> record = contractEvent("a1");
        record.headers().remove(ContractEventsOnly.TYPE_HEADER);
        record.headers().add(ContractEventsOnly.TYPE_HEADER, typeName.getBytes(StandardCharsets.UTF_8));
        return new ProducerRecord<>(TOPIC, null, record.key(), json.getBytes(StandardCharsets.UTF_8), record.headers());
    }

    @Test
    void aContractEventIsReadAsAxonReadsIt() {
        Optional<EventMessage<?>> read = converter.readKafkaMessage(consumed(contractEvent("a2"), 0));
        assertThat(read).isPresent();
        assertThat(read.get().getPayload()).isInstanceOfSatisfying(AddressAddedEvent.class,
                e -> assertThat(e.addressId().value()).isEqualTo("a2"));
        assertThat(meters.find(ContractEventsOnly.METRIC).counter()).isNull();
    }

    @Test
    void aRecordNamingAnotherClassIsSkippedCountedAndNeverLoadedAndTheNextEventIsRead() {
        for (String foreign : new String[] {Tripwire.NAME, "java.net.URL",
                "org.proxytrunks.events.address.AddressEvent", "no such class\n"}) {
            assertThat(converter.readKafkaMessage(consumed(naming(foreign, "\"http://127.0.0.1/\""), 1))).as(foreign).isEmpty();
        }
        ConsumerRecord<String, byte[]> withoutType = consumed(contractEvent("a3"), 2);
        withoutType.headers().remove(ContractEventsOnly.TYPE_HEADER);
        assertThat(converter.readKafkaMessage(withoutType)).isEmpty();

        assertThat(TripwireState.tripped()).as("the named class was neither loaded nor constructed").isFalse();
        assertThat(Tripwire.NAME).as("the name really is the tripwire's (a class literal does not initialize it)")
                .isEqualTo(Tripwire.class.getName());
        assertThat(meters.get(ContractEventsOnly.METRIC).tag("topic", TOPIC).counter().count()).isEqualTo(5);
        assertThat(converter.readKafkaMessage(consumed(contractEvent("a4"), 3)).map(EventMessage::getPayload))
                .containsInstanceOf(AddressAddedEvent.class);
    }
}
