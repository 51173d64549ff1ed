package org.proxytrunks.support.axon.deadletter;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.extensions.kafka.eventhandling.producer.KafkaEventPublisher;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

class DeadLetteredGroupsTest {

    @ProcessingGroup("b-group")
    static class B {
    }

    @ProcessingGroup("a-group")
    static class A {
    }

    @ProcessingGroup("a-group")
    static class AnotherOfA {
    }

    @ProcessingGroup(KafkaEventPublisher.DEFAULT_PROCESSING_GROUP)
    static class Publisher {
    }

    static class NoGroup {
    }

    @Test
    void theGroupsOfTheAnnotatedComponentsButNotThePublisherSortedOnce() {
        try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
            context.register(B.class, A.class, AnotherOfA.class, Publisher.class, NoGroup.class);
            context.refresh();
            assertThat(DeadLetteredGroups.of(context.getBeanFactory()).names()).containsExactly("a-group", "b-group");
        }
    }
}
