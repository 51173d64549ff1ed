package org.proxytrunks.assignment;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.EhCache3Adapter;
import org.ehcache.CacheManager;
import org.ehcache.config.builders.CacheConfigurationBuilder;
import org.ehcache.config.builders.CacheManagerBuilder;
import org.ehcache.config.builders.ResourcePoolsBuilder;
import org.ehcache.core.Ehcache;
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
 * Where the assignment events go ({@code proxytrunks.assignments}), where the address events
 * come from ({@code proxytrunks.addresses}, the source of the {@code address-lifecycle} processor),
 * and what the command side needs besides Axon (the database of the provider claims, a clock).
 */
@Configuration(proxyBeanMethods = false)
class AssignmentConfiguration {

    @Bean
    PublishedTopic publishedTopic() {
        return new PublishedTopic(Topics.ASSIGNMENTS);
    }

    /**
     * Keeps loaded aggregates in memory between commands, so a busy brand is not rebuilt from its
     * whole history for every command. Another instance's change is still caught: appending a
     * sequence number that exists fails, and the command is refused as concurrent.
     *
     * <p>The entries are held strongly, up to {@code proxytrunks.assignment.cached-aggregates}
     * (least recently used leave first): a cache of weak references loses every aggregate at
     * each garbage collection, which under load means a reload from the event store for most
     * commands.
     */
    @Bean(destroyMethod = "close")
    CacheManager aggregateCacheManager(@Value("${proxytrunks.assignment.cached-aggregates:20000}") long entries) {
        return CacheManagerBuilder.newCacheManagerBuilder()
                .withCache("aggregates", CacheConfigurationBuilder.newCacheConfigurationBuilder(Object.class, Object.class,
                        ResourcePoolsBuilder.heap(entries)))
                .build(true);
    }

    @Bean
    Cache aggregateCache(CacheManager aggregateCacheManager) {
        return new EhCache3Adapter((Ehcache<Object, Object>) aggregateCacheManager.getCache("aggregates", Object.class, Object.class));
    }

    @Bean
    StreamableKafkaMessageSource<String, byte[]> addressEvents(Serializer serializer, ConsumerFactory<String, byte[]> consumers,
                                                               Fetcher<String, byte[], KafkaEventMessage> fetcher,
                                                               KafkaMessageConverter<String, byte[]> converter) {
        return KafkaEventSources.forTopic(Topics.ADDRESSES, serializer, consumers, fetcher, converter);
    }

    @Bean
    MongoDatabase assignmentDatabase(MongoClient client, @Value("${spring.data.mongodb.database}") String database) {
        return client.getDatabase(database);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
