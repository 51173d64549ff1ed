package org.proxytrunks.support.axon.deadletter;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.extensions.kafka.eventhandling.producer.KafkaEventPublisher;
import org.springframework.beans.factory.ListableBeanFactory;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The processing groups that park failed events in a dead-letter queue: those of the service's
 * event handler components, named with {@link ProcessingGroup}.
 *
 * <p>The Kafka publisher's group never does. A publish fails because Kafka is unreachable, not
 * because of the event, so every event would be parked during an outage and published later
 * outside its batch's transaction; its processor waits the outage out instead and publishes in
 * order (the default propagating error handler with the processor's back-off).
 *
 * @param names the groups, sorted
 */
public record DeadLetteredGroups(List<String> names) {

    public DeadLetteredGroups {
        names = names.stream().sorted().distinct().toList();
    }

    /** The groups of the {@link ProcessingGroup} components among {@code beans}, found without creating any bean. */
    public static DeadLetteredGroups of(ListableBeanFactory beans) {
        return new DeadLetteredGroups(Arrays.stream(beans.getBeanNamesForAnnotation(ProcessingGroup.class))
                .map(name -> beans.findAnnotationOnBean(name, ProcessingGroup.class))
                .filter(Objects::nonNull)
                .map(ProcessingGroup::value)
                .filter(group -> !KafkaEventPublisher.DEFAULT_PROCESSING_GROUP.equals(group))
                .toList());
    }
}
