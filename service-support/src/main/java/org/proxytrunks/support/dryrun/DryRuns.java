package org.proxytrunks.support.dryrun;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.proxytrunks.support.axon.ContractEventTypes;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs commands as a preview ({@code dryRun=true}). The commands go through the command bus as
 * they would (the same handlers, rules and refusals), inside one unit of work of the preview's
 * own, in which each command's unit of work is nested: their events are appended only when that
 * root commits, and it never does. It is rolled back instead, which also drops every aggregate
 * the commands loaded from the aggregate cache. A command that would be refused throws here as it
 * would have, and the refusal is the answer.
 *
 * <p>The preview lists the events of the published contract that the commands applied (an
 * aggregate's internal bookkeeping events are left out), and what they would change in Kamailio
 * ({@link KamailioEffects}).
 */
public class DryRuns {

    private final ObjectMapper json;
    private final KamailioEffects kamailio;

    public DryRuns(ObjectMapper json, KamailioEffects kamailio) {
        this.json = json;
        this.kamailio = kamailio;
    }

    /** Runs {@code commands} (code that sends commands and waits for them) as a preview. */
    public Preview preview(Runnable commands) {
        List<PreviewEvent> events = events(commands);
        return new Preview(true, events, kamailio.of(events));
    }

    /** The events {@code commands} would publish, with nothing stored: for a service that previews a part of another's command. */
    public List<PreviewEvent> events(Runnable commands) {
        if (CurrentUnitOfWork.isStarted()) {
            throw new IllegalStateException("a preview runs in a unit of work of its own, not inside " + CurrentUnitOfWork.get());
        }
        UnitOfWork<?> root = DefaultUnitOfWork.startAndGet(new GenericMessage<>("preview", MetaData.with(DryRun.METADATA, true)));
        List<Object> produced = new ArrayList<>();
        root.resources().put(DryRun.PRODUCED, produced);
        try {
            commands.run();
            return published(produced);
        } finally {
            root.rollback();
        }
    }

    private List<PreviewEvent> published(List<Object> produced) {
        List<PreviewEvent> events = new ArrayList<>();
        for (Object item : produced) {
            if (item instanceof PreviewEvent previewed) {
                events.add(previewed);
            } else if (item instanceof EventMessage<?> event && ContractEventTypes.contains(event.getPayloadType().getName())) {
                DomainEventMessage<?> domain = event instanceof DomainEventMessage<?> d ? d : null;
                events.add(new PreviewEvent(event.getPayloadType().getSimpleName(),
                        domain == null ? null : domain.getAggregateIdentifier(), domain == null ? -1 : domain.getSequenceNumber(),
                        json.valueToTree(event.getPayload())));
            }
        }
        return events;
    }
}
