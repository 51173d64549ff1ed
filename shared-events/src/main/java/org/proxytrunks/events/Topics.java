package org.proxytrunks.events;

/**
 * The Kafka topics of the suite. Records are keyed by aggregate id, so that the events of one
 * aggregate stay in order; values are the events as JSON; the event type and revision travel
 * in the {@code axon-message-type} and {@code axon-message-revision} headers.
 */
public final class Topics {

    /** Events of the address aggregates ({@code org.proxytrunks.events.address}). */
    public static final String ADDRESSES = "proxytrunks.addresses";

    /** Events of the brand and provider assignments. */
    public static final String ASSIGNMENTS = "proxytrunks.assignments";

    private Topics() {
    }
}
