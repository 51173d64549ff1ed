package org.proxytrunks.support.axon.deadletter;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.Decisions;
import org.axonframework.messaging.deadletter.GenericDeadLetter;
import org.axonframework.messaging.deadletter.InMemorySequencedDeadLetterQueue;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ParkEachEventOnceTest {

    private final SequencedDeadLetterQueue<EventMessage<?>> queue =
            new ParkEachEventOnce<>(InMemorySequencedDeadLetterQueue.<EventMessage<?>>defaultQueue());

    private final EventMessage<?> a0 = event("a", 0);
    private final EventMessage<?> a1 = event("a", 1);

    @Test
    void anEventReadAgainWhileItIsParkedIsNotParkedAgainButCountsAsParked() {
        queue.enqueue("a", new GenericDeadLetter<>("a", a0, new IllegalStateException("fails")));
        assertThat(queue.enqueueIfPresent("a", () -> new GenericDeadLetter<>("a", a1))).isTrue();

        assertThat(queue.enqueueIfPresent("a", () -> new GenericDeadLetter<>("a", a0))).isTrue();
        assertThat(queue.enqueueIfPresent("a", () -> new GenericDeadLetter<>("a", a1))).isTrue();
        queue.enqueue("a", new GenericDeadLetter<>("a", a0, new IllegalStateException("fails again")));

        assertThat(queue.size()).isEqualTo(2);
        assertThat(parked("a")).containsExactly(a0.getIdentifier(), a1.getIdentifier());
        assertThat(queue.deadLetterSequence("a").iterator().next().cause().orElseThrow().message()).isEqualTo("fails");
    }

    @Test
    void otherEventsAndOtherSequencesAreParkedAsBefore() {
        queue.enqueue("a", new GenericDeadLetter<>("a", a0, new IllegalStateException("fails")));
        EventMessage<?> b0 = event("b", 0);

        assertThat(queue.enqueueIfPresent("b", () -> new GenericDeadLetter<>("b", b0))).isFalse();
        queue.enqueue("b", new GenericDeadLetter<>("b", b0, new IllegalStateException("fails too")));
        assertThat(queue.enqueueIfPresent("a", () -> new GenericDeadLetter<>("a", a1))).isTrue();

        assertThat(queue.size()).isEqualTo(3);
        assertThat(queue.amountOfSequences()).isEqualTo(2);
        assertThat(parked("a")).containsExactly(a0.getIdentifier(), a1.getIdentifier());
        assertThat(parked("b")).containsExactly(b0.getIdentifier());
    }

    @Test
    void anEventHandledByARetryIsGoneAndTheRestStillPass() {
        queue.enqueue("a", new GenericDeadLetter<>("a", a0, new IllegalStateException("fails")));
        queue.enqueue("a", new GenericDeadLetter<>("a", a1));
        List<String> handled = new ArrayList<>();

        assertThat(queue.process(letter -> {
            handled.add(letter.message().getIdentifier());
            return Decisions.evict();
        })).isTrue();

        assertThat(handled).containsExactly(a0.getIdentifier(), a1.getIdentifier());
        assertThat(queue.size()).isZero();
        assertThat(queue.contains("a")).isFalse();
    }

    private List<String> parked(String sequence) {
        List<String> ids = new ArrayList<>();
        for (DeadLetter<? extends EventMessage<?>> letter : queue.deadLetterSequence(sequence)) {
            ids.add(letter.message().getIdentifier());
        }
        return ids;
    }

    private static EventMessage<?> event(String aggregate, long sequenceNumber) {
        return new GenericDomainEventMessage<>("Probe", aggregate, sequenceNumber, aggregate + " " + sequenceNumber);
    }
}
