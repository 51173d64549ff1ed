package org.proxytrunks.support.axon.deadletter;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterProcessor;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parked events of the service's {@link DeadLetteredGroups dead-lettered groups}: how many,
 * which ones, and handling them again. Reads Axon's queues and processors, so it sees what the
 * processors see, whatever process parked the events.
 */
public class DeadLetters {

    private final DeadLetteredGroups groups;
    private final EventProcessingConfiguration processing;

    public DeadLetters(DeadLetteredGroups groups, EventProcessingConfiguration processing) {
        this.groups = groups;
        this.processing = processing;
    }

    public List<String> groups() {
        return groups.names();
    }

    /** How many events {@code group} has parked. */
    public long count(String group) {
        return queue(group).size();
    }

    /** The number of parked events of every group, in group order. */
    public Map<String, Long> counts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        groups.names().forEach(group -> counts.put(group, count(group)));
        return counts;
    }

    /** Up to {@code limit} parked events, group by group, each sequence in the order its events are retried. */
    public List<ParkedEvent> list(int limit) {
        List<ParkedEvent> parked = new ArrayList<>();
        for (String group : groups.names()) {
            for (Iterable<DeadLetter<? extends EventMessage<?>>> sequence : queue(group).deadLetters()) {
                for (DeadLetter<? extends EventMessage<?>> letter : sequence) {
                    if (parked.size() == limit) {
                        return parked;
                    }
                    parked.add(ParkedEvent.of(group, letter));
                }
            }
        }
        return parked;
    }

    /**
     * Hands every parked sequence of every group to its handlers once more, first event first; a
     * sequence stops at the first event that fails again, which stays parked with its new cause.
     */
    public RetryOutcome retry() {
        List<RetryOutcome.Group> outcomes = new ArrayList<>();
        for (String group : groups.names()) {
            SequencedDeadLetterQueue<EventMessage<?>> queue = queue(group);
            SequencedDeadLetterProcessor<EventMessage<?>> processor = processing.sequencedDeadLetterProcessor(group)
                    .orElseThrow(() -> new IllegalStateException("no dead-letter processor for " + group));
            long before = queue.size();
            long sequences = queue.amountOfSequences();
            for (long i = 0; i < sequences; i++) {
                processor.processAny();
            }
            long after = queue.size();
            outcomes.add(new RetryOutcome.Group(group, Math.max(0, before - after), after));
        }
        return RetryOutcome.of(outcomes);
    }

    private SequencedDeadLetterQueue<EventMessage<?>> queue(String group) {
        return processing.deadLetterQueue(group)
                .orElseThrow(() -> new IllegalStateException("no dead-letter queue for " + group));
    }
}
