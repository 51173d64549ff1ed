package org.proxytrunks.support.axon.deadletter;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.Decisions;
import org.axonframework.messaging.deadletter.EnqueueDecision;
import org.axonframework.messaging.deadletter.EnqueuePolicy;
import org.axonframework.messaging.deadletter.ThrowableCause;

/**
 * Parks every event whose handling failed, with the failure itself as the cause, so that the
 * letter keeps the failure's type when a retry fails again.
 *
 * <p>Axon's default policy hands the queue a {@link ThrowableCause#truncated truncated copy} of
 * the failure. That is right when an event is first parked, but axon-mongo's letter wraps the
 * cause of a retry that failed again in a further {@link ThrowableCause}
 * ({@code MongoDeadLetter.withCause}), and a copy's type is {@code ThrowableCause}: after one
 * failed retry the letter said {@code org.axonframework.messaging.deadletter.ThrowableCause}
 * instead of the exception's type. The failure itself keeps its type either way. Only a message
 * longer than Axon's limit ({@value ThrowableCause#TRUNCATED_MESSAGE_SIZE} characters) is still
 * truncated, as before.
 */
public final class ParkWithTheFailure implements EnqueuePolicy<EventMessage<?>> {

    @Override
    public EnqueueDecision<EventMessage<?>> decide(DeadLetter<? extends EventMessage<?>> letter, Throwable failure) {
        String message = failure.getMessage();
        return Decisions.enqueue(message == null || message.length() <= ThrowableCause.TRUNCATED_MESSAGE_SIZE
                ? failure : ThrowableCause.truncated(failure));
    }
}
