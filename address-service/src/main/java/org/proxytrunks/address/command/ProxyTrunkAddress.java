package org.proxytrunks.address.command;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;
import org.proxytrunks.address.command.Commands.AddAddressCommand;
import org.proxytrunks.address.command.Commands.CancelAddressRetirementCommand;
import org.proxytrunks.address.command.Commands.ChangeAddressCommand;
import org.proxytrunks.address.command.Commands.CompleteAddressRetirementCommand;
import org.proxytrunks.address.command.Commands.RegisterMainAddressCommand;
import org.proxytrunks.address.command.Commands.StartAddressRetirementCommand;
import org.proxytrunks.address.command.Refusals.AddressRetiringException;
import org.proxytrunks.address.command.Refusals.InvalidAddressFieldException;
import org.proxytrunks.address.command.Refusals.MainAddressProtectedException;
import org.proxytrunks.address.command.Refusals.NotRetiringException;
import org.proxytrunks.events.AddressId;
import org.proxytrunks.events.AddressName;
import org.proxytrunks.events.IpLiteral;
import org.proxytrunks.events.address.AddressAddedEvent;
import org.proxytrunks.events.address.AddressAdvertisedIpChangedEvent;
import org.proxytrunks.events.address.AddressIpChangedEvent;
import org.proxytrunks.events.address.AddressRemovedEvent;
import org.proxytrunks.events.address.AddressRenamedEvent;
import org.proxytrunks.events.address.AddressRetirementCancelledEvent;
import org.proxytrunks.events.address.AddressRetirementStartedEvent;

import java.util.Objects;
import java.util.Optional;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.axonframework.modelling.command.AggregateLifecycle.markDeleted;

/**
 * A signalling address of the trunks proxy (rules A1–A4). The main address is registered once
 * from configuration, keeps its name and can never be removed; additional addresses are added,
 * changed and removed through a retirement handshake that lets the assignment side confirm
 * the address is unused. Each removal is a round, numbered by the sequence of its
 * {@link AddressRetirementStartedEvent}; answers for another round are refused as stale. A
 * removal may name a fallback address for the providers: it travels in the round's start event,
 * so the assignment side, which owns the providers, moves them inside the same handshake.
 */
@Aggregate
class ProxyTrunkAddress {

    @AggregateIdentifier
    private AddressId id;
    private AddressName name;
    private IpLiteral ip;
    private IpLiteral advertisedIp;
    private boolean main;
    private AddressLifecycle state;
    private long retirementRound = -1;
    private AddressId retirementFallback;

    ProxyTrunkAddress() {
    }

    @CommandHandler
    ProxyTrunkAddress(AddAddressCommand command, IpClaims claims) {
        if (command.addressId().isMain()) {
            throw new InvalidAddressFieldException("id", "the id " + AddressId.MAIN + " belongs to the main address");
        }
        requireUnreservedName(command.name());
        requireHostAddress("ip", command.ip());
        requireHostAddress("advertisedIp", command.advertisedIp());
        claims.claim(command.ip(), command.addressId());
        apply(new AddressAddedEvent(command.addressId(), command.name(), command.ip(), command.advertisedIp(), false));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(RegisterMainAddressCommand command, IpClaims claims) {
        if (state != null) {
            return;
        }
        if (!command.addressId().isMain()) {
            throw new InvalidAddressFieldException("id", "the main address has the id " + AddressId.MAIN);
        }
        requireHostAddress("ip", command.ip());
        requireHostAddress("advertisedIp", command.advertisedIp());
        claims.claim(command.ip(), command.addressId());
        apply(new AddressAddedEvent(AddressId.MAIN, AddressName.MAIN, command.ip(), command.advertisedIp(), true));
    }

    @CommandHandler
    AddressSnapshot handle(ChangeAddressCommand command, IpClaims claims) {
        requireActive();
        if (command.name() != null && !command.name().equals(name)) {
            if (main) {
                throw new MainAddressProtectedException("the main address is always named " + AddressName.MAIN
                        + "; its name cannot change");
            }
            requireUnreservedName(command.name());
        }
        requireHostAddress("ip", command.ip());
        requireHostAddress("advertisedIp", command.advertisedIp());

        if (command.name() != null && !command.name().equals(name)) {
            apply(new AddressRenamedEvent(id, command.name()));
        }
        if (command.ip() != null && !command.ip().equals(ip)) {
            claims.claim(command.ip(), id);
            claims.releaseAfterCommit(ip, id);
            apply(new AddressIpChangedEvent(id, command.ip(), ip));
        }
        if (command.setAdvertisedIp() && !Objects.equals(command.advertisedIp(), advertisedIp)) {
            apply(new AddressAdvertisedIpChangedEvent(id, command.advertisedIp()));
        }
        return snapshot();
    }

    @CommandHandler
    void handle(StartAddressRetirementCommand command) {
        if (main) {
            throw new MainAddressProtectedException("the main address " + AddressId.MAIN + " can never be removed");
        }
        if (id.equals(command.fallback())) {
            throw new InvalidAddressFieldException(StartAddressRetirementCommand.FALLBACK_FIELD, "the providers of address " + id
                    + " cannot be moved to the address itself; name another of their brands' addresses");
        }
        if (state == AddressLifecycle.RETIRING) {
            if (!Objects.equals(command.fallback(), retirementFallback)) {
                throw new AddressRetiringException(id);
            }
            return;
        }
        apply(new AddressRetirementStartedEvent(id, command.fallback()));
    }

    @CommandHandler
    void handle(CompleteAddressRetirementCommand command, IpClaims claims) {
        if (state != AddressLifecycle.RETIRING || command.round() != retirementRound) {
            throw new NotRetiringException(id);
        }
        claims.releaseAfterCommit(ip, id);
        apply(new AddressRemovedEvent(id, ip));
    }

    @CommandHandler
    void handle(CancelAddressRetirementCommand command) {
        if (state != AddressLifecycle.RETIRING || command.round() != retirementRound) {
            throw new NotRetiringException(id);
        }
        apply(new AddressRetirementCancelledEvent(id, command.reasons()));
    }

    @EventSourcingHandler
    void on(AddressAddedEvent event) {
        id = event.addressId();
        name = event.name();
        ip = event.ip();
        advertisedIp = event.advertisedIp();
        main = event.main();
        state = AddressLifecycle.ACTIVE;
    }

    @EventSourcingHandler
    void on(AddressRenamedEvent event) {
        name = event.name();
    }

    @EventSourcingHandler
    void on(AddressIpChangedEvent event) {
        ip = event.ip();
    }

    @EventSourcingHandler
    void on(AddressAdvertisedIpChangedEvent event) {
        advertisedIp = event.advertisedIp();
    }

    @EventSourcingHandler
    void on(AddressRetirementStartedEvent event, @SequenceNumber long sequence) {
        state = AddressLifecycle.RETIRING;
        retirementRound = sequence;
        retirementFallback = event.fallbackAddressId();
    }

    @EventSourcingHandler
    void on(AddressRetirementCancelledEvent event) {
        state = AddressLifecycle.ACTIVE;
    }

    @EventSourcingHandler
    void on(AddressRemovedEvent event) {
        markDeleted();
    }

    private void requireActive() {
        if (state == AddressLifecycle.RETIRING) {
            throw new AddressRetiringException(id);
        }
    }

    private static void requireUnreservedName(AddressName candidate) {
        if (candidate.isReserved()) {
            throw new InvalidAddressFieldException("name", "'" + candidate + "' is reserved for the main address; choose another name");
        }
    }

    private static void requireHostAddress(String field, IpLiteral candidate) {
        Optional.ofNullable(candidate).flatMap(IpLiteral::unicastProblem).ifPresent(problem -> {
            throw new InvalidAddressFieldException(field, problem);
        });
    }

    private AddressSnapshot snapshot() {
        return new AddressSnapshot(id, name, ip, advertisedIp, main, state);
    }
}
