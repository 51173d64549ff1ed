package org.proxytrunks.assignment.lifecycle;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.proxytrunks.assignment.brand.command.BrandCommands.DropRemovedAddressCommand;
import org.proxytrunks.assignment.usage.command.UsageCommands.EndAddressUsageCommand;
import org.proxytrunks.assignment.usage.command.UsageCommands.TrackAddressCommand;
import org.proxytrunks.events.BrandId;
import org.proxytrunks.events.address.AddressRemovedEvent;
import org.proxytrunks.events.address.AddressRetirementStartedEvent;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Answers the removal handshake and ends the usage of removed addresses, from the
 * {@code proxytrunks.addresses} topic (a tracking processor whose position is kept in MongoDB).
 * New addresses are tracked by {@link AddressTrackingHandler}, which may lag or lead this
 * processor: each step here first makes sure the address is tracked (a no-op when it is, or
 * when it was removed). Every step is idempotent, so a repeated delivery after a crash replays
 * harmlessly.
 *
 * <p>Each removal round is run by {@link RetirementHandshake}, which the address service's
 * previews of a removal run too. The commands carry the start event's actor, so the moves are
 * the remover's.
 */
@Component
@ProcessingGroup(AddressLifecycleHandler.GROUP)
class AddressLifecycleHandler {

    static final String GROUP = "address-lifecycle";

    private final CommandGateway commands;
    private final RetirementHandshake handshake;

    AddressLifecycleHandler(CommandGateway commands, RetirementHandshake handshake) {
        this.commands = commands;
        this.handshake = handshake;
    }

    @EventHandler
    void on(AddressRetirementStartedEvent event, @SequenceNumber Long sequence) {
        handshake.run(event.addressId(), event.fallbackAddressId(), sequence);
    }

    @EventHandler
    void on(AddressRemovedEvent event) {
        commands.sendAndWait(new TrackAddressCommand(event.addressId()));
        List<BrandId> holders = commands.sendAndWait(new EndAddressUsageCommand(event.addressId()));
        holders.forEach(brand -> commands.sendAndWait(new DropRemovedAddressCommand(brand, event.addressId())));
    }
}
