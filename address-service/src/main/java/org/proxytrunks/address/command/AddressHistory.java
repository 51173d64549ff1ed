package org.proxytrunks.address.command;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.proxytrunks.events.AddressId;
import org.proxytrunks.events.IpLiteral;
import org.proxytrunks.events.address.AddressAddedEvent;
import org.proxytrunks.events.address.AddressIpChangedEvent;
import org.proxytrunks.events.address.AddressRemovedEvent;
import org.proxytrunks.events.address.AddressRenamedEvent;
import org.proxytrunks.events.address.AddressRetirementCancelledEvent;
import org.proxytrunks.events.address.AddressRetirementStartedEvent;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Optional;

/**
 * Reads one address's state straight from its events in the event store — for questions asked
 * outside its own command handlers: who holds an IP, how a removal ended.
 */
@Component
public class AddressHistory {

    private final EventStore eventStore;

    AddressHistory(EventStore eventStore) {
        this.eventStore = eventStore;
    }

    /** Where an address is in its life, removal included. */
    public enum State { ACTIVE, RETIRING, REMOVED }

    /**
     * Where an address stands.
     *
     * @param name            its name
     * @param ip              its IP
     * @param state           where it is in its life
     * @param round           the removal round under way or last ended (-1 when none)
     * @param cancelledRound  the last round that ended refused (-1 when none)
     * @param cancelReasons   why that round was refused
     * @param sequence        the sequence number of its last event
     */
    public record Standing(String name, IpLiteral ip, State state, long round, long cancelledRound,
                           List<String> cancelReasons, long sequence) {

        /** Whether the address exists now (it was not removed). */
        public boolean exists() {
            return state != State.REMOVED;
        }

        Standing with(String newName, IpLiteral newIp, State newState, long newRound) {
            return new Standing(newName, newIp, newState, newRound, cancelledRound, cancelReasons, sequence);
        }

        Standing at(long lastSequence) {
            return new Standing(name, ip, state, round, cancelledRound, cancelReasons, lastSequence);
        }
    }

    /** The standing of {@code address} now; empty when it never existed. */
    public Optional<Standing> of(AddressId address) {
        Standing standing = null;
        long last = -1;
        DomainEventStream events = eventStore.readEvents(address.value());
        while (events.hasNext()) {
            DomainEventMessage<?> message = events.next();
            last = message.getSequenceNumber();
            Object event = message.getPayload();
            if (event instanceof AddressAddedEvent added) {
                standing = new Standing(added.name().value(), added.ip(), State.ACTIVE, -1, -1, List.of(), -1);
            } else if (standing == null) {
                continue;
            } else if (event instanceof AddressRenamedEvent renamed) {
                standing = standing.with(renamed.name().value(), standing.ip(), standing.state(), standing.round());
            } else if (event instanceof AddressIpChangedEvent changed) {
                standing = standing.with(standing.name(), changed.ip(), standing.state(), standing.round());
            } else if (event instanceof AddressRetirementStartedEvent) {
                standing = standing.with(standing.name(), standing.ip(), State.RETIRING, message.getSequenceNumber());
            } else if (event instanceof AddressRetirementCancelledEvent cancelled) {
                standing = new Standing(standing.name(), standing.ip(), State.ACTIVE, standing.round(), standing.round(),
                        cancelled.reasons(), -1);
            } else if (event instanceof AddressRemovedEvent) {
                standing = standing.with(standing.name(), standing.ip(), State.REMOVED, standing.round());
            }
        }
        long sequence = last;
        return Optional.ofNullable(standing).map(s -> s.at(sequence));
    }
}
