package org.proxytrunks.assignment.lifecycle;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.proxytrunks.assignment.brand.command.BrandCommands.ConfirmAddressRetirementCommand;
import org.proxytrunks.assignment.brand.command.BrandCommands.DropRemovedAddressCommand;
import org.proxytrunks.assignment.brand.command.BrandCommands.MoveProvidersToFallbackCommand;
import org.proxytrunks.assignment.brand.command.BrandCommands.WithdrawAddressRetirementCommand;
import org.proxytrunks.assignment.usage.command.UsageCommands.ConcludeRetirementCheckCommand;
import org.proxytrunks.assignment.usage.command.UsageCommands.EndAddressUsageCommand;
import org.proxytrunks.assignment.usage.command.UsageCommands.RetirementRound;
import org.proxytrunks.assignment.usage.command.UsageCommands.StartRetirementCheckCommand;
import org.proxytrunks.assignment.usage.command.UsageCommands.TrackAddressCommand;
import org.proxytrunks.events.BrandId;
import org.proxytrunks.events.address.AddressRemovedEvent;
import org.proxytrunks.events.address.AddressRetirementStartedEvent;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/**
 * Answers the removal handshake and ends the usage of removed addresses, from the
 * {@code proxytrunks.addresses} topic (a tracking processor whose position is kept in MongoDB).
 * New addresses are tracked by {@link AddressTrackingHandler}, which may lag or lead this
 * processor: each step here first makes sure the address is tracked (a no-op when it is, or
 * when it was removed). Every step is idempotent, so a repeated delivery after a crash replays
 * harmlessly.
 *
 * <p>A removal with a fallback moves the providers in two steps: every brand first confirms
 * (and from then on gives the address to no provider and keeps the fallback); only when all
 * have confirmed does each move its providers, and only then is the round confirmed. So a
 * refusal by one brand moves nothing anywhere, and the address is never removed while a
 * provider is on it. The commands carry the start event's actor, so the moves are the remover's.
 */
@Component
@ProcessingGroup(AddressLifecycleHandler.GROUP)
class AddressLifecycleHandler {

    static final String GROUP = "address-lifecycle";

    private final CommandGateway commands;

    AddressLifecycleHandler(CommandGateway commands) {
        this.commands = commands;
    }

    @EventHandler
    void on(AddressRetirementStartedEvent event, @SequenceNumber Long sequence) {
        commands.sendAndWait(new TrackAddressCommand(event.addressId()));
        RetirementRound round = commands.sendAndWait(new StartRetirementCheckCommand(event.addressId(), sequence));
        if (!round.concluded()) {
            List<String> reasons = new ArrayList<>();
            for (BrandId brand : round.brands()) {
                List<String> answer = commands.sendAndWait(
                        new ConfirmAddressRetirementCommand(brand, event.addressId(), event.fallbackAddressId()));
                reasons.addAll(answer);
            }
            if (reasons.isEmpty() && event.fallbackAddressId() != null) {
                round.brands().forEach(brand -> commands.sendAndWait(new MoveProvidersToFallbackCommand(brand, event.addressId())));
            }
            commands.sendAndWait(new ConcludeRetirementCheckCommand(event.addressId(), round.round(), reasons));
            round = commands.sendAndWait(new StartRetirementCheckCommand(event.addressId(), sequence));
        }
        if (round.refused()) {
            round.brands().forEach(brand -> commands.sendAndWait(new WithdrawAddressRetirementCommand(brand, event.addressId())));
        }
    }

    @EventHandler
    void on(AddressRemovedEvent event) {
        commands.sendAndWait(new TrackAddressCommand(event.addressId()));
        List<BrandId> holders = commands.sendAndWait(new EndAddressUsageCommand(event.addressId()));
        holders.forEach(brand -> commands.sendAndWait(new DropRemovedAddressCommand(brand, event.addressId())));
    }
}
