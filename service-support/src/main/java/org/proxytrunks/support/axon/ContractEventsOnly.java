package org.proxytrunks.support.axon;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.extensions.kafka.eventhandling.KafkaMessageConverter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Reads only records of the contract's event types from Kafka into Axon's consumers. Axon's
 * converter turns a record's {@value #TYPE_HEADER} header into a Java type and its serializer
 * builds an instance of it from the value: whoever can write to a topic could otherwise make a
 * command service load and construct any class on its classpath. A record naming another type
 * is skipped before the converter sees it (it is never loaded), logged and counted in
 * {@value #METRIC} (tag {@code topic}); the records after it are handled as usual. A skipped
 * record does not move the processor's position, so after a restart it may be skipped (and
 * counted) again.
 */
public final class ContractEventsOnly implements KafkaMessageConverter<String, byte[]> {

    static final String TYPE_HEADER = "axon-message-type";
    static final String METRIC = "proxytrunks.kafka.foreign.records";

    private static final Logger LOG = LoggerFactory.getLogger(ContractEventsOnly.class);
    private static final int MAX_LOGGED_TYPE_LENGTH = 200;

    private final KafkaMessageConverter<String, byte[]> delegate;
    private final MeterRegistry meters;

    public ContractEventsOnly(KafkaMessageConverter<String, byte[]> delegate, MeterRegistry meters) {
        this.delegate = delegate;
        this.meters = meters;
    }

    @Override
    public ProducerRecord<String, byte[]> createKafkaMessage(EventMessage<?> eventMessage, String topic) {
        return delegate.createKafkaMessage(eventMessage, topic);
    }

    @Override
    public Optional<EventMessage<?>> readKafkaMessage(ConsumerRecord<String, byte[]> consumerRecord) {
        String type = typeOf(consumerRecord);
        if (ContractEventTypes.contains(type)) {
            return delegate.readKafkaMessage(consumerRecord);
        }
        skipped(consumerRecord.topic()).increment();
        LOG.warn("Skipped the record {}-{}@{}: its type {} is not an event type of the contract", consumerRecord.topic(),
                consumerRecord.partition(), consumerRecord.offset(), printable(type));
        return Optional.empty();
    }

    private Counter skipped(String topic) {
        return Counter.builder(METRIC)
                .description("Records on the suite's topics skipped by the Axon consumers because their type is not a contract event type")
                .tag("topic", topic)
                .register(meters);
    }

    private static String typeOf(ConsumerRecord<?, ?> consumerRecord) {
        Header header = consumerRecord.headers().lastHeader(TYPE_HEADER);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** The type header as a log may show it: no line breaks or control characters, bounded. */
    private static String printable(String type) {
        if (type == null) {
            return "(none)";
        }
        String clean = type.replaceAll("\\p{Cntrl}", "?");
        return "'" + (clean.length() > MAX_LOGGED_TYPE_LENGTH ? clean.substring(0, MAX_LOGGED_TYPE_LENGTH) + "..." : clean) + "'";
    }
}
