package org.proxytrunks.support.axon;

import io.micrometer.core.instrument.Metrics;
import org.axonframework.extensions.kafka.eventhandling.KafkaMessageConverter;
import org.axonframework.extensions.kafka.eventhandling.consumer.ConsumerFactory;
import org.axonframework.extensions.kafka.eventhandling.consumer.Fetcher;
import org.axonframework.extensions.kafka.eventhandling.consumer.streamable.KafkaEventMessage;
import org.axonframework.extensions.kafka.eventhandling.consumer.streamable.StreamableKafkaMessageSource;
import org.axonframework.serialization.Serializer;

import java.util.List;

/**
 * An event source that reads one of the suite's topics for a tracking processor: the
 * processor's position (partition offsets) is kept in the token store, so a consumer resumes
 * where it stopped after a restart. Only records of the contract's event types reach the
 * processor ({@link ContractEventsOnly}); the count of the others is a metric of the
 * application's meter registry (Spring Boot adds it to Micrometer's global registry).
 */
public final class KafkaEventSources {

    private KafkaEventSources() {
    }

    public static StreamableKafkaMessageSource<String, byte[]> forTopic(String topic, Serializer serializer,
                                                                       ConsumerFactory<String, byte[]> consumers,
                                                                       Fetcher<String, byte[], KafkaEventMessage> fetcher,
                                                                       KafkaMessageConverter<String, byte[]> converter) {
        return StreamableKafkaMessageSource.<String, byte[]>builder()
                .topics(List.of(topic))
                .serializer(serializer)
                .consumerFactory(consumers)
                .fetcher(fetcher)
                .messageConverter(new ContractEventsOnly(converter, Metrics.globalRegistry))
                .build();
    }
}
