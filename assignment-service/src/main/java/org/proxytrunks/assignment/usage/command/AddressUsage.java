package org.proxytrunks.assignment.usage.command;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;
import org.proxytrunks.assignment.usage.command.UsageCommands.ConcludeRetirementCheckCommand;
import org.proxytrunks.assignment.usage.command.UsageCommands.EndAddressUsageCommand;
import org.proxytrunks.assignment.usage.command.UsageCommands.GrantAddressCommand;
import org.proxytrunks.assignment.usage.command.UsageCommands.ReleaseAddressCommand;
import org.proxytrunks.assignment.usage.command.UsageCommands.RetirementRound;
import org.proxytrunks.assignment.usage.command.UsageCommands.StartRetirementCheckCommand;
import org.proxytrunks.assignment.usage.command.UsageCommands.TrackAddressCommand;
import org.proxytrunks.assignment.usage.command.UsageRefusals.AddressUnavailableException;
import org.proxytrunks.events.AddressId;
import org.proxytrunks.events.BrandId;
import org.proxytrunks.events.assignment.AddressGrantedToBrandEvent;
import org.proxytrunks.events.assignment.AddressReleasedByBrandEvent;
import org.proxytrunks.events.assignment.AddressRetirementCheckStartedEvent;
import org.proxytrunks.events.assignment.AddressRetirementConfirmedEvent;
import org.proxytrunks.events.assignment.AddressRetirementRefusedEvent;
import org.proxytrunks.events.assignment.AddressUsageEndedEvent;
import org.proxytrunks.events.assignment.AddressUsageTrackedEvent;

import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * The assignment context's gate for one address. Every brand is granted the address here
 * before it may hold it, so that when a removal starts, the set of brands to ask is complete:
 * from the moment the address is RETIRING no further brand is granted it. The brands asked
 * each block the address for their providers while they confirm it unused; the round ends
 * confirmed (the address service removes the address) or refused (it stays, and is ACTIVE here
 * again). Rounds are numbered by the address's own event sequence, so a repeated delivery of
 * an old round changes nothing.
 */
@Aggregate(cache = "aggregateCache")
class AddressUsage {

    private enum State { ACTIVE, RETIRING, REMOVED }

    @AggregateIdentifier
    private String id;
    private AddressId addressId;
    private State state;
    private final Set<BrandId> holders = new TreeSet<>(Comparator.comparing(BrandId::value));
    private long round = -1;
    private List<BrandId> roundBrands = List.of();
    private boolean roundConcluded;
    private boolean roundRefused;

    AddressUsage() {
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(TrackAddressCommand command) {
        if (state == null) {
            apply(new AddressUsageTrackedEvent(command.addressId()));
        }
    }

    @CommandHandler
    void handle(GrantAddressCommand command) {
        if (state != State.ACTIVE) {
            throw new AddressUnavailableException(addressId, state == State.REMOVED);
        }
        if (!holders.contains(command.brandId())) {
            apply(new AddressGrantedToBrandEvent(addressId, command.brandId()));
        }
    }

    @CommandHandler
    void handle(ReleaseAddressCommand command) {
        if (holders.contains(command.brandId())) {
            apply(new AddressReleasedByBrandEvent(addressId, command.brandId()));
        }
    }

    @CommandHandler
    RetirementRound handle(StartRetirementCheckCommand command) {
        if (command.round() > round && state == State.ACTIVE) {
            apply(new AddressRetirementCheckStartedEvent(addressId, command.round(), List.copyOf(holders)));
            if (holders.isEmpty()) {
                apply(new AddressRetirementConfirmedEvent(addressId, command.round()));
            }
        }
        if (command.round() != round) {
            return new RetirementRound(command.round(), List.of(), true, false);
        }
        return new RetirementRound(round, roundBrands, roundConcluded, roundRefused);
    }

    @CommandHandler
    void handle(ConcludeRetirementCheckCommand command) {
        if (command.round() != round || roundConcluded) {
            return;
        }
        if (command.reasons().isEmpty()) {
            apply(new AddressRetirementConfirmedEvent(addressId, round));
        } else {
            apply(new AddressRetirementRefusedEvent(addressId, round, command.reasons()));
        }
    }

    @CommandHandler
    List<BrandId> handle(EndAddressUsageCommand command) {
        if (state != State.REMOVED) {
            apply(new AddressUsageEndedEvent(addressId));
        }
        return List.copyOf(holders);
    }

    @EventSourcingHandler
    void on(AddressUsageTrackedEvent event) {
        id = UsageCommands.aggregateId(event.addressId());
        addressId = event.addressId();
        state = State.ACTIVE;
    }

    @EventSourcingHandler
    void on(AddressGrantedToBrandEvent event) {
        holders.add(event.brandId());
    }

    @EventSourcingHandler
    void on(AddressReleasedByBrandEvent event) {
        holders.remove(event.brandId());
    }

    @EventSourcingHandler
    void on(AddressRetirementCheckStartedEvent event) {
        state = State.RETIRING;
        round = event.round();
        roundBrands = event.brandIds();
        roundConcluded = false;
        roundRefused = false;
    }

    @EventSourcingHandler
    void on(AddressRetirementConfirmedEvent event) {
        roundConcluded = true;
    }

    @EventSourcingHandler
    void on(AddressRetirementRefusedEvent event) {
        roundConcluded = true;
        roundRefused = true;
        state = State.ACTIVE;
    }

    @EventSourcingHandler
    void on(AddressUsageEndedEvent event) {
        state = State.REMOVED;
    }
}
