package org.proxytrunks.assignment;

import org.axonframework.extensions.kafka.eventhandling.KafkaMessageConverter;
import org.axonframework.extensions.kafka.eventhandling.consumer.ConsumerFactory;
import org.axonframework.extensions.kafka.eventhandling.consumer.Fetcher;
import org.axonframework.extensions.kafka.eventhandling.consumer.streamable.KafkaEventMessage;
import org.axonframework.extensions.kafka.eventhandling.consumer.streamable.StreamableKafkaMessageSource;
import org.axonframework.extensions.kafka.eventhandling.producer.TopicResolver;
import org.axonframework.serialization.Serializer;
import org.proxytrunks.events.Topics;
import org.proxytrunks.support.axon.KafkaEventSources;
import org.proxytrunks.support.axon.TopicProvisioner;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.List;
import java.util.Optional;

/**
 * Where the assignment events go ({@code proxytrunks.assignments}) and where the address events
 * come from ({@code proxytrunks.addresses}, the source of the {@code address-lifecycle} processor).
 */
@Configuration(proxyBeanMethods = false)
class AssignmentConfiguration {

    @Bean
    TopicResolver topicResolver() {
        return event -> Optional.of(Topics.ASSIGNMENTS);
    }

    @Bean
    TopicProvisioner assignmentTopicProvisioner(@Value("${axon.kafka.bootstrap-servers}") String bootstrap,
                                                @Value("${proxytrunks.kafka.partitions:3}") int partitions,
                                                @Value("${proxytrunks.kafka.replication-factor:1}") short replicationFactor) {
        return new TopicProvisioner(bootstrap, List.of(Topics.ASSIGNMENTS), partitions, replicationFactor);
    }

    @Bean
    StreamableKafkaMessageSource<String, byte[]> addressEvents(Serializer serializer, ConsumerFactory<String, byte[]> consumers,
                                                               Fetcher<String, byte[], KafkaEventMessage> fetcher,
                                                               KafkaMessageConverter<String, byte[]> converter) {
        return KafkaEventSources.forTopic(Topics.ADDRESSES, serializer, consumers, fetcher, converter);
    }
}
