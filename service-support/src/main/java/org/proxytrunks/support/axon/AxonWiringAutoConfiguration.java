package org.proxytrunks.support.axon;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.mongodb.client.model.IndexOptions;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.extensions.kafka.KafkaProperties;
import org.axonframework.extensions.kafka.eventhandling.KafkaMessageConverter;
import org.axonframework.extensions.kafka.eventhandling.consumer.ConsumerFactory;
import org.axonframework.extensions.kafka.eventhandling.consumer.DefaultConsumerFactory;
import org.axonframework.extensions.kafka.eventhandling.producer.ConfirmationMode;
import org.axonframework.extensions.kafka.eventhandling.producer.DefaultProducerFactory;
import org.axonframework.extensions.kafka.eventhandling.producer.KafkaEventPublisher;
import org.axonframework.extensions.kafka.eventhandling.producer.KafkaPublisher;
import org.axonframework.extensions.kafka.eventhandling.producer.ProducerFactory;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.extensions.kafka.eventhandling.producer.TopicResolver;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.proxytrunks.support.dryrun.DryRunEventStore;
import org.proxytrunks.support.dryrun.DryRuns;
import org.proxytrunks.support.dryrun.KamailioEffects;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.extensions.mongo.MongoTemplate;
import org.axonframework.extensions.mongo.eventhandling.saga.repository.MongoSagaStore;
import org.axonframework.extensions.mongo.eventsourcing.eventstore.MongoEventStorageEngine;
import org.axonframework.extensions.mongo.eventsourcing.tokenstore.MongoTokenStore;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.serialization.RevisionResolver;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.bson.Document;
import org.proxytrunks.events.EventMetadata;
import org.proxytrunks.support.kafka.KafkaSecurity;
import org.proxytrunks.support.security.Actor;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Axon wiring every command service shares, declared by hand where Axon's auto-configuration
 * would pick something that does not work here:
 * <ul>
 *   <li>Jackson for everything, with revisions from {@code @EventRevision} (never XStream);</li>
 *   <li>the MongoDB event store and token store, without transactions (the MongoDB-protocol
 *       server of the embedded stack has none, so every event handler is idempotent);</li>
 *   <li>the actor of every command copied onto its events;</li>
 *   <li>every event published to the service's {@link PublishedTopic}, which is created if missing;</li>
 *   <li>every Kafka client logged in as the service ({@link KafkaSecurity}) when the broker asks for it.</li>
 * </ul>
 */
@AutoConfiguration(beforeName = {
        "org.axonframework.springboot.autoconfig.AxonAutoConfiguration",
        "org.axonframework.springboot.autoconfig.EventProcessingAutoConfiguration",
        "org.axonframework.extensions.mongo.springboot.autoconfig.MongoAutoConfiguration",
        "org.axonframework.extensions.kafka.autoconfig.KafkaAutoConfiguration"})
@ConditionalOnClass({MongoTemplate.class, CommandBus.class})
@EnableConfigurationProperties(KafkaProperties.class)
public class AxonWiringAutoConfiguration {

    @Bean
    RevisionResolver revisionResolver() {
        return new EventRevisionResolver();
    }

    @Bean
    @Primary
    Serializer serializer(RevisionResolver revisionResolver) {
        return jackson(revisionResolver);
    }

    @Bean
    @Qualifier("eventSerializer")
    Serializer eventSerializer(RevisionResolver revisionResolver) {
        return jackson(revisionResolver);
    }

    @Bean
    @Qualifier("messageSerializer")
    Serializer messageSerializer(RevisionResolver revisionResolver) {
        return jackson(revisionResolver);
    }

    private static Serializer jackson(RevisionResolver revisionResolver) {
        ObjectMapper mapper = JsonMapper.builder().findAndAddModules().build();
        return JacksonSerializer.builder().objectMapper(mapper).revisionResolver(revisionResolver).build();
    }

    @Bean
    TransactionManager axonTransactionManager() {
        return NoTransactionManager.instance();
    }

    /**
     * The event store in MongoDB. Beside Axon's indexes, event identifiers get a unique one: they
     * are unique by contract, and every poll of a tracking processor excludes the identifiers it
     * has already seen ({@code $nin}), which the embedded server answers from that index.
     */
    @Bean
    EventStorageEngine eventStorageEngine(MongoTemplate axonMongoTemplate, Serializer serializer,
                                          @Qualifier("eventSerializer") Serializer eventSerializer,
                                          org.axonframework.config.Configuration configuration) {
        axonMongoTemplate.eventCollection().createIndex(new Document("eventIdentifier", 1),
                new IndexOptions().unique(true).name("uniqueEventIdentifierIndex"));
        return MongoEventStorageEngine.builder()
                .mongoTemplate(axonMongoTemplate)
                .snapshotSerializer(serializer)
                .eventSerializer(eventSerializer)
                .upcasterChain(configuration.upcasterChain())
                .transactionManager(NoTransactionManager.instance())
                .build();
    }

    /**
     * The event store, with a short fetch delay: a tracking processor that missed the wake-up of
     * a new event (another instance appended it, or the notification raced) finds it within
     * {@code proxytrunks.axon.fetch-delay} instead of Axon's default second — each hop of the
     * removal handshake waits on one.
     *
     * <p>The events it keeps for its tracking processors to share are {@code
     * proxytrunks.axon.cached-events} (Axon's default is 10,000). Each cached event holds its
     * tracking token, and a MongoDB token holds every event identifier of its look-back window
     * (hundreds under load), in a map of its own: 10,000 of them were 2.6 million map entries,
     * copied at every young collection of the assignment service (pauses near 100 ms, then full
     * collections). A processor further behind than the cache reads the store itself.
     */
    @Bean
    EmbeddedEventStore eventStore(EventStorageEngine storageEngine,
                                  @Value("${proxytrunks.axon.fetch-delay:100ms}") java.time.Duration fetchDelay,
                                  @Value("${proxytrunks.axon.cached-events:1000}") int cachedEvents) {
        return new DryRunEventStore(EmbeddedEventStore.builder()
                .storageEngine(storageEngine)
                .fetchDelay(fetchDelay.toMillis())
                .cachedEvents(cachedEvents));
    }

    @Bean
    AxonProblemAdvice axonProblemAdvice() {
        return new AxonProblemAdvice();
    }

    /** Previews of commands ({@code dryRun=true}), with their effect on Kamailio asked of the kamailio-sync-service. */
    @Bean
    DryRuns dryRuns(ObjectMapper json, @Value("${proxytrunks.dry-run.kamailio-sync-url:"
            + "${KAMAILIO_SYNC_SERVICE_URL:http://127.0.0.1:${KAMAILIO_SYNC_SERVICE_PORT:8084}}}") java.net.URI syncService) {
        return new DryRuns(json, new KamailioEffects(json, syncService));
    }

    @Bean
    EventPositions eventPositions(org.axonframework.eventsourcing.eventstore.EventStore eventStore) {
        return new EventPositions(eventStore);
    }

    @Bean
    TokenStore tokenStore(MongoTemplate axonMongoTemplate, Serializer serializer) {
        return MongoTokenStore.builder().mongoTemplate(axonMongoTemplate).serializer(serializer).build();
    }

    @Bean
    MongoSagaStore sagaStore(MongoTemplate axonMongoTemplate, Serializer serializer) {
        return MongoSagaStore.builder().mongoTemplate(axonMongoTemplate).serializer(serializer).build();
    }

    @Bean
    CorrelationDataProvider messageOriginProvider() {
        return new MessageOriginProvider();
    }

    @Bean
    CorrelationDataProvider actorCorrelation() {
        return new SimpleCorrelationDataProvider(EventMetadata.ACTOR_SUBJECT, EventMetadata.ACTOR_ROLE, EventMetadata.ACTOR_BRAND);
    }

    /**
     * A failing event handler is retried (with the processor's back-off) rather than skipped:
     * every consumer here changes state that must not silently miss an event. The event handler
     * components' groups park an event that keeps failing in a dead-letter queue instead
     * ({@link org.proxytrunks.support.axon.deadletter.DeadLetterAutoConfiguration}), so this
     * applies to the Kafka publisher, whose failures are outages to wait out.
     */
    @Bean
    ConfigurerModule retryFailedEventHandlers() {
        return configurer -> configurer.eventProcessing()
                .registerDefaultListenerInvocationErrorHandler(c -> PropagatingErrorHandler.instance());
    }

    /**
     * The Kafka publisher reads the event store in batches: one tracking token update (a write to
     * the token store) per batch instead of one per event, and a burst of events is handed to
     * Kafka together.
     */
    @Bean
    ConfigurerModule kafkaPublisherBatches(@Value("${proxytrunks.kafka.publisher-batch-size:100}") int batchSize) {
        return configurer -> configurer.eventProcessing()
                .registerTrackingEventProcessorConfiguration(KafkaEventPublisher.DEFAULT_PROCESSING_GROUP,
                        c -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing().andBatchSize(batchSize));
    }

    @Bean
    @ConditionalOnBean(PublishedTopic.class)
    TopicResolver topicResolver(PublishedTopic topic) {
        return event -> Optional.of(topic.name());
    }

    /** Publishes each batch of the publisher's processor in one Kafka transaction, not one per event. */
    @Bean
    @ConditionalOnBean(PublishedTopic.class)
    @SuppressWarnings({"unchecked", "rawtypes"})
    KafkaPublisher<?, ?> kafkaPublisher(ProducerFactory<?, ?> axonKafkaProducerFactory, KafkaMessageConverter<?, ?> kafkaMessageConverter,
                                        TopicResolver topicResolver, @Qualifier("eventSerializer") Serializer eventSerializer) {
        return new BatchTransactionKafkaPublisher(axonKafkaProducerFactory, kafkaMessageConverter, topicResolver, eventSerializer);
    }

    @Bean
    @ConditionalOnBean(PublishedTopic.class)
    TopicProvisioner topicProvisioner(PublishedTopic topic, @Value("${axon.kafka.bootstrap-servers}") String bootstrap,
                                      KafkaSecurity security,
                                      @Value("${proxytrunks.kafka.partitions:3}") int partitions,
                                      @Value("${proxytrunks.kafka.replication-factor:1}") short replicationFactor) {
        return new TopicProvisioner(security.connection(bootstrap), List.of(topic.name()), partitions, replicationFactor);
    }

    /**
     * axon-kafka's producer factory, declared by hand to add the service's Kafka login
     * ({@link KafkaSecurity}) to the {@code axon.kafka.*} settings, which cannot read a password
     * from a file. Transactional with {@code axon.kafka.producer.transaction-id-prefix}, as axon-kafka
     * makes it.
     */
    @Bean("axonKafkaProducerFactory")
    @ConditionalOnProperty(name = "axon.kafka.publisher.enabled", havingValue = "true", matchIfMissing = true)
    ProducerFactory<String, byte[]> axonKafkaProducerFactory(KafkaProperties axonKafka, KafkaSecurity security) {
        Map<String, Object> configuration = axonKafka.buildProducerProperties();
        configuration.putAll(security.clientProperties());
        DefaultProducerFactory.Builder<String, byte[]> producers = DefaultProducerFactory.<String, byte[]>builder()
                .configuration(configuration)
                .confirmationMode(axonKafka.getPublisher().getConfirmationMode());
        String transactionIdPrefix = axonKafka.getProducer().getTransactionIdPrefix();
        if (transactionIdPrefix != null && !transactionIdPrefix.isEmpty()) {
            producers.transactionalIdPrefix(transactionIdPrefix).confirmationMode(ConfirmationMode.TRANSACTIONAL);
        }
        return producers.build();
    }

    /** axon-kafka's consumer factory with the service's Kafka login (see {@link #axonKafkaProducerFactory}). */
    @Bean("axonKafkaConsumerFactory")
    @ConditionalOnProperty(name = "axon.kafka.fetcher.enabled", havingValue = "true", matchIfMissing = true)
    ConsumerFactory<String, byte[]> axonKafkaConsumerFactory(KafkaProperties axonKafka, KafkaSecurity security) {
        Map<String, Object> configuration = axonKafka.buildConsumerProperties();
        configuration.putAll(security.clientProperties());
        return new DefaultConsumerFactory<>(configuration);
    }

    @Bean
    ActorMetadataInterceptor actorMetadataInterceptor(CommandBus commandBus,
                                                      @Value("${spring.application.name:proxytrunks}") String application) {
        ActorMetadataInterceptor interceptor = new ActorMetadataInterceptor(Actor.system(application));
        commandBus.registerDispatchInterceptor(interceptor);
        return interceptor;
    }
}
