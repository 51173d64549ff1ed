package org.proxytrunks.support.axon.deadletter;

import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.config.Configurer;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.extensions.mongo.MongoTemplate;
import org.axonframework.extensions.mongo.eventhandling.deadletter.MongoSequencedDeadLetterQueue;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;

/**
 * Gives each {@link DeadLetteredGroups dead-lettered group} a sequenced dead-letter queue in the
 * service's MongoDB (collection {@code deadletters}, one queue per group), so an event whose
 * handling keeps failing is parked there and the processor goes on with the next one:
 * <ul>
 *   <li>later events of the same sequence (the same aggregate) are parked behind it, so an
 *       aggregate's events are never handled out of order; other aggregates' events go on;</li>
 *   <li>the queue is in MongoDB, so it survives a restart (the processor's position has moved
 *       past the parked events);</li>
 *   <li>an event is parked once: one read again from Kafka (after a restart) while it is
 *       parked is not parked a second time ({@link ParkEachEventOnce});</li>
 *   <li>a retry that fails again keeps the failure's type ({@link ParkWithTheFailure});</li>
 *   <li>a failure is first retried in place ({@link RetryBeforeParking}), so only a failure that
 *       persists is parked;</li>
 *   <li>which sequences are parked is remembered per segment, so an event of an aggregate that
 *       is not parked costs no query once the processor knows the queue was empty.</li>
 * </ul>
 * If MongoDB cannot be written, the failure reaches the processor, which retries the event with
 * its back-off as before: nothing is dropped.
 */
final class DeadLetterQueueModule implements ConfigurerModule {

    private final DeadLetteredGroups groups;
    private final MongoTemplate mongo;
    private final RetryBeforeParking retry;

    DeadLetterQueueModule(DeadLetteredGroups groups, MongoTemplate mongo, RetryBeforeParking retry) {
        this.groups = groups;
        this.mongo = mongo;
        this.retry = retry;
    }

    @Override
    public void configureModule(Configurer configurer) {
        EventProcessingConfigurer processing = configurer.eventProcessing();
        for (String group : groups.names()) {
            processing.registerDeadLetterQueue(group, configuration -> queue(group, configuration))
                    .registerDeadLetterPolicy(group, configuration -> new ParkWithTheFailure())
                    .registerDeadLetteringEventHandlerInvokerConfiguration(group, (configuration, invoker) -> invoker
                            .enableSequenceIdentifierCache()
                            .listenerInvocationErrorHandler(retry));
        }
    }

    private SequencedDeadLetterQueue<EventMessage<?>> queue(String group, Configuration configuration) {
        return new ParkEachEventOnce<>(MongoSequencedDeadLetterQueue.builder()
                .processingGroup(group)
                .mongoTemplate(mongo)
                .serializer(configuration.serializer())
                .transactionManager(NoTransactionManager.instance())
                .build());
    }
}
