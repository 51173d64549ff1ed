package org.proxytrunks.support.axon.deadletter;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.deadletter.Cause;
import org.axonframework.messaging.deadletter.EnqueueDecision;
import org.axonframework.messaging.deadletter.GenericDeadLetter;
import org.axonframework.messaging.deadletter.ThrowableCause;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ParkWithTheFailureTest {

    private final GenericDeadLetter<EventMessage<?>> letter =
            new GenericDeadLetter<>("a", GenericEventMessage.asEventMessage("payload"));

    @Test
    void parksWithTheFailureItselfSoThatARequeuedLetterKeepsItsType() {
        IllegalStateException failure = new IllegalStateException("fails");

        EnqueueDecision<EventMessage<?>> decision = new ParkWithTheFailure().decide(letter, failure);

        assertThat(decision.shouldEnqueue()).isTrue();
        assertThat(decision.enqueueCause()).containsSame(failure);
        // what a requeue does with it: wrap it once more, as axon-mongo's letter does
        Cause requeued = new ThrowableCause(decision.enqueueCause().orElseThrow());
        assertThat(requeued.type()).isEqualTo(IllegalStateException.class.getName());
        assertThat(requeued.message()).isEqualTo("fails");
    }

    @Test
    void aMessageLongerThanAxonsLimitIsStillTruncated() {
        IllegalStateException failure = new IllegalStateException("x".repeat(ThrowableCause.TRUNCATED_MESSAGE_SIZE + 1));

        Throwable cause = new ParkWithTheFailure().decide(letter, failure).enqueueCause().orElseThrow();

        assertThat(cause).isInstanceOf(ThrowableCause.class);
        assertThat(((Cause) cause).type()).isEqualTo(IllegalStateException.class.getName());
        assertThat(cause.getMessage()).hasSize(ThrowableCause.TRUNCATED_MESSAGE_SIZE);
    }
}
