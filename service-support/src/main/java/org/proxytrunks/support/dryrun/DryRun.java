package org.proxytrunks.support.dryrun;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import java.util.List;
import java.util.OptionalLong;

/**
 * Whether the code running now is part of a preview ({@code dryRun=true} on a command endpoint,
 * see {@link DryRuns}): its commands are handled exactly as they would be, inside one unit of work
 * that is rolled back at the end, so nothing is stored and nothing is published. Code with a side
 * effect of its own outside the event store (a claim written to MongoDB) asks {@link #active()}
 * and only checks instead.
 */
public final class DryRun {

    /** The metadata key that marks the root unit of work of a preview. */
    public static final String METADATA = "dryRun";
    /** The resource of that unit of work holding what the preview produced so far, in order. */
    static final String PRODUCED = DryRun.class.getName() + ".produced";

    private DryRun() {
    }

    /** Whether the current unit of work, or one it is nested in, is a preview. */
    public static boolean active() {
        return produced() != null;
    }

    /**
     * Adds events that another service previewed for this one (the other side of a removal's
     * handshake) to the current preview, after the events applied so far.
     */
    public static void include(List<PreviewEvent> events) {
        List<Object> produced = produced();
        if (produced == null) {
            throw new IllegalStateException("not in a preview");
        }
        produced.addAll(events);
    }

    /**
     * The sequence number of the last event the current preview applied to {@code aggregateId}
     * (what the event would have been numbered when stored), or empty.
     */
    public static OptionalLong lastSequence(String aggregateId) {
        List<Object> produced = produced();
        OptionalLong last = OptionalLong.empty();
        if (produced != null) {
            for (Object item : produced) {
                if (item instanceof DomainEventMessage<?> event && event.getAggregateIdentifier().equals(aggregateId)) {
                    last = OptionalLong.of(event.getSequenceNumber());
                }
            }
        }
        return last;
    }

    /** The events the current preview produced so far (a live list of event messages and previewed events), or null. */
    static List<Object> produced() {
        if (!CurrentUnitOfWork.isStarted()) {
            return null;
        }
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        return root.getResource(PRODUCED);
    }
}
