package org.proxytrunks.address.command;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import org.axonframework.extensions.kafka.eventhandling.KafkaMessageConverter;
import org.axonframework.extensions.kafka.eventhandling.consumer.ConsumerFactory;
import org.axonframework.extensions.kafka.eventhandling.consumer.Fetcher;
import org.axonframework.extensions.kafka.eventhandling.consumer.streamable.KafkaEventMessage;
import org.axonframework.extensions.kafka.eventhandling.consumer.streamable.StreamableKafkaMessageSource;
import org.axonframework.serialization.Serializer;
import org.proxytrunks.events.Topics;
import org.proxytrunks.support.axon.KafkaEventSources;
import org.proxytrunks.support.axon.PublishedTopic;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/**
 * Where the address events go ({@code proxytrunks.addresses}), where the assignment side's
 * answers come from ({@code proxytrunks.assignments}, the source of the {@code retirement-outcomes}
 * processor), and what the command side needs besides Axon.
 */
@Configuration(proxyBeanMethods = false)
class AddressCommandConfiguration {

    @Bean
    PublishedTopic publishedTopic() {
        return new PublishedTopic(Topics.ADDRESSES);
    }

    @Bean
    StreamableKafkaMessageSource<String, byte[]> assignmentEvents(Serializer serializer, ConsumerFactory<String, byte[]> consumers,
                                                                  Fetcher<String, byte[], KafkaEventMessage> fetcher,
                                                                  KafkaMessageConverter<String, byte[]> converter) {
        return KafkaEventSources.forTopic(Topics.ASSIGNMENTS, serializer, consumers, fetcher, converter);
    }

    @Bean
    MongoDatabase addressDatabase(MongoClient client, @Value("${spring.data.mongodb.database}") String database) {
        return client.getDatabase(database);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
