package org.proxytrunks.support.axon;

import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.http.HttpHeaders;

/**
 * Tells a client where the events of its command stand, so that it can ask the projector for
 * read models that include them: the header {@value #HEADER} = {@code <aggregate id>:<sequence>}
 * of the aggregate's last event, to pass as {@code waitFor} to the query API.
 */
public final class EventPositions {

    public static final String HEADER = "X-Event-Position";

    private final EventStore eventStore;

    public EventPositions(EventStore eventStore) {
        this.eventStore = eventStore;
    }

    /** Headers naming the last event of {@code aggregateId}; empty when it has none. */
    public HttpHeaders of(String aggregateId) {
        HttpHeaders headers = new HttpHeaders();
        eventStore.lastSequenceNumberFor(aggregateId)
                .ifPresent(sequence -> headers.add(HEADER, aggregateId + ":" + sequence));
        return headers;
    }
}
