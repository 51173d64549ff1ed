package org.proxytrunks.support.dryrun;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;

import java.util.List;

/**
 * Axon's embedded event store that also tells a preview which events its commands applied. An
 * aggregate publishes each event as it applies it; the store only queues it in the unit of work
 * and appends it when the root unit of work commits, which a preview's never does. Events
 * published outside a preview are untouched.
 */
public class DryRunEventStore extends EmbeddedEventStore {

    public DryRunEventStore(Builder builder) {
        super(builder);
    }

    @Override
    public void publish(List<? extends EventMessage<?>> events) {
        List<Object> produced = DryRun.produced();
        if (produced != null) {
            produced.addAll(events);
        }
        super.publish(events);
    }
}
