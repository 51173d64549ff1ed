package org.proxytrunks.support.axon.deadletter;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.extensions.mongo.eventhandling.deadletter.MongoDeadLetter;
import org.axonframework.messaging.deadletter.Cause;
import org.axonframework.messaging.deadletter.DeadLetter;

import java.time.Instant;

/**
 * One parked event as an operator sees it.
 *
 * @param processingGroup the processing group whose handler failed
 * @param sequenceId      the sequence it is parked in (the aggregate id for an aggregate's event)
 * @param eventId         the event's id
 * @param eventType       the event's type (its class's simple name)
 * @param aggregateId     the aggregate it belongs to, or null for an event of no aggregate
 * @param sequenceNumber  its number in the aggregate's history, or null
 * @param causeType       the failure's exception type; null for an event parked only because an
 *                        earlier event of its sequence is
 * @param causeMessage    the failure's message, or null as above
 * @param firstAttempt    when it was parked (its first failure, or the moment it was queued behind one)
 * @param lastAttempt     when it was last tried (or parked)
 */
public record ParkedEvent(String processingGroup, String sequenceId, String eventId, String eventType,
                          String aggregateId, Long sequenceNumber, String causeType, String causeMessage,
                          Instant firstAttempt, Instant lastAttempt) {

    static ParkedEvent of(String processingGroup, DeadLetter<? extends EventMessage<?>> letter) {
        EventMessage<?> event = letter.message();
        DomainEventMessage<?> domainEvent = event instanceof DomainEventMessage<?> d ? d : null;
        String aggregateId = domainEvent == null ? null : domainEvent.getAggregateIdentifier();
        String sequenceId = letter instanceof MongoDeadLetter<?> stored ? stored.sequenceIdentifier()
                : aggregateId != null ? aggregateId : event.getIdentifier();
        return new ParkedEvent(processingGroup, sequenceId, event.getIdentifier(), event.getPayloadType().getSimpleName(),
                aggregateId, domainEvent == null ? null : domainEvent.getSequenceNumber(),
                letter.cause().map(Cause::type).orElse(null), letter.cause().map(Cause::message).orElse(null),
                letter.enqueuedAt(), letter.lastTouched());
    }
}
