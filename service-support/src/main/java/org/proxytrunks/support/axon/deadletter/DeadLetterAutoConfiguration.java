package org.proxytrunks.support.axon.deadletter;

import org.axonframework.commandhandling.CommandBus;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.extensions.mongo.MongoTemplate;
import org.axonframework.extensions.mongo.eventhandling.deadletter.MongoSequencedDeadLetterQueue;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

import java.time.Duration;

/**
 * Dead-letter queues for the event processors of a command service: an event whose handling
 * keeps failing is parked in MongoDB instead of stopping its processor
 * ({@link DeadLetterQueueModule}), and the operator sees and retries the parked events at
 * {@code /api/dead-letters}, in the gauge {@code proxytrunks.dead.letters} and in the health.
 * {@code proxytrunks.dead-letters.attempts} (default 3) and {@code .first-pause} (default 200ms)
 * set how often a failing event is tried before it is parked.
 */
@AutoConfiguration(beforeName = "org.axonframework.springboot.autoconfig.EventProcessingAutoConfiguration")
@ConditionalOnClass({MongoSequencedDeadLetterQueue.class, CommandBus.class})
public class DeadLetterAutoConfiguration {

    @Bean
    DeadLetteredGroups deadLetteredGroups(ListableBeanFactory beans) {
        return DeadLetteredGroups.of(beans);
    }

    @Bean
    ConfigurerModule deadLetterQueues(DeadLetteredGroups groups, MongoTemplate axonMongoTemplate,
                                      @Value("${proxytrunks.dead-letters.attempts:3}") int attempts,
                                      @Value("${proxytrunks.dead-letters.first-pause:200ms}") Duration firstPause) {
        return new DeadLetterQueueModule(groups, axonMongoTemplate, new RetryBeforeParking(attempts, firstPause));
    }

    @Bean
    DeadLetters deadLetters(DeadLetteredGroups groups, EventProcessingConfiguration processing) {
        return new DeadLetters(groups, processing);
    }

    @Bean
    DeadLetterMetrics deadLetterMetrics(DeadLetters deadLetters) {
        return new DeadLetterMetrics(deadLetters);
    }

    @Bean
    DeadLetterHealthIndicator deadLettersHealthIndicator(DeadLetters deadLetters) {
        return new DeadLetterHealthIndicator(deadLetters);
    }

    @Bean
    DeadLetterController deadLetterController(DeadLetters deadLetters) {
        return new DeadLetterController(deadLetters);
    }
}
