package org.proxytrunks.support.axon.deadletter;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.DeadLetterQueueOverflowException;
import org.axonframework.messaging.deadletter.EnqueueDecision;
import org.axonframework.messaging.deadletter.NoSuchDeadLetterException;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * A dead-letter queue that parks an event at most once: an event that is already parked in its
 * sequence (the same event identifier) is not parked again, and counts as parked.
 *
 * <p>The processors read Kafka at least once: after a restart (or a rebalance) a processor may
 * read events again that it had already parked, because its stored position does not cover
 * them. The Kafka source sorts the events it fetched from several partitions by time while each
 * event's position is built in the order they were fetched, so the position stored after the last
 * event of a batch can leave out a partition whose events were handled (or parked) before it.
 * Such an event finds its sequence parked and would be parked behind it a second time: the
 * listing, the gauge and the health would count it twice, and a retry would hand it to the
 * handlers twice, the second time after the later events of its aggregate.
 *
 * <p>Every other operation is the wrapped queue's. Looking for the event costs a read of its
 * sequence, and only for an event of a parked sequence.
 *
 * @param <M> the messages in the queue
 */
public final class ParkEachEventOnce<M extends EventMessage<?>> implements SequencedDeadLetterQueue<M> {

    private static final Logger LOG = LoggerFactory.getLogger(ParkEachEventOnce.class);

    private final SequencedDeadLetterQueue<M> queue;

    public ParkEachEventOnce(SequencedDeadLetterQueue<M> queue) {
        this.queue = Objects.requireNonNull(queue, "queue");
    }

    @Override
    public void enqueue(Object sequenceIdentifier, DeadLetter<? extends M> letter)
            throws DeadLetterQueueOverflowException {
        String eventId = letter.message().getIdentifier();
        if (isParked(sequenceIdentifier, eventId)) {
            LOG.info("Event {} ({}) is parked already in sequence {}; it was read again, not parked again",
                    eventId, letter.message().getPayloadType().getSimpleName(), sequenceIdentifier);
            return;
        }
        queue.enqueue(sequenceIdentifier, letter);
    }

    /** Whether the sequence holds the event; reads the whole sequence so that no cursor is left open. */
    private boolean isParked(Object sequenceIdentifier, String eventId) {
        if (!queue.contains(sequenceIdentifier)) {
            return false;
        }
        boolean parked = false;
        for (DeadLetter<? extends M> letter : queue.deadLetterSequence(sequenceIdentifier)) {
            parked |= eventId.equals(letter.message().getIdentifier());
        }
        return parked;
    }

    @Override
    public void evict(DeadLetter<? extends M> letter) {
        queue.evict(letter);
    }

    @Override
    public void requeue(DeadLetter<? extends M> letter, UnaryOperator<DeadLetter<? extends M>> letterUpdater)
            throws NoSuchDeadLetterException {
        queue.requeue(letter, letterUpdater);
    }

    @Override
    public boolean contains(Object sequenceIdentifier) {
        return queue.contains(sequenceIdentifier);
    }

    @Override
    public Iterable<DeadLetter<? extends M>> deadLetterSequence(Object sequenceIdentifier) {
        return queue.deadLetterSequence(sequenceIdentifier);
    }

    @Override
    public Iterable<Iterable<DeadLetter<? extends M>>> deadLetters() {
        return queue.deadLetters();
    }

    @Override
    public boolean isFull(Object sequenceIdentifier) {
        return queue.isFull(sequenceIdentifier);
    }

    @Override
    public long size() {
        return queue.size();
    }

    @Override
    public long sequenceSize(Object sequenceIdentifier) {
        return queue.sequenceSize(sequenceIdentifier);
    }

    @Override
    public long amountOfSequences() {
        return queue.amountOfSequences();
    }

    @Override
    public boolean process(Predicate<DeadLetter<? extends M>> sequenceFilter,
                           Function<DeadLetter<? extends M>, EnqueueDecision<M>> processingTask) {
        return queue.process(sequenceFilter, processingTask);
    }

    @Override
    public void clear() {
        queue.clear();
    }
}
