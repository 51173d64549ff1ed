package org.proxytrunks.address.command;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import org.axonframework.extensions.kafka.eventhandling.producer.TopicResolver;
import org.proxytrunks.events.Topics;
import org.proxytrunks.support.axon.TopicProvisioner;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** Where the address events go, and what the command side needs besides Axon. */
@Configuration(proxyBeanMethods = false)
class AddressCommandConfiguration {

    @Bean
    TopicResolver topicResolver() {
        return event -> Optional.of(Topics.ADDRESSES);
    }

    @Bean
    TopicProvisioner addressTopicProvisioner(@Value("${axon.kafka.bootstrap-servers}") String bootstrap,
                                             @Value("${proxytrunks.kafka.partitions:3}") int partitions,
                                             @Value("${proxytrunks.kafka.replication-factor:1}") short replicationFactor) {
        return new TopicProvisioner(bootstrap, List.of(Topics.ADDRESSES), partitions, replicationFactor);
    }

    @EventListener(ApplicationReadyEvent.class)
    void provisionTopics(ApplicationReadyEvent ready) {
        ready.getApplicationContext().getBean(TopicProvisioner.class).startInBackground();
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
