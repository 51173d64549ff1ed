package org.proxytrunks.assignment.lifecycle;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.proxytrunks.assignment.usage.command.UsageCommands.TrackAddressCommand;
import org.proxytrunks.events.address.AddressAddedEvent;
import org.springframework.stereotype.Component;

/**
 * Learns of new addresses from {@code proxytrunks.addresses}, in a processor of its own so that an
 * address just added becomes assignable at once, never queued behind a removal handshake.
 */
@Component
@ProcessingGroup(AddressTrackingHandler.GROUP)
class AddressTrackingHandler {

    static final String GROUP = "address-tracking";

    private final CommandGateway commands;

    AddressTrackingHandler(CommandGateway commands) {
        this.commands = commands;
    }

    @EventHandler
    void on(AddressAddedEvent event) {
        commands.sendAndWait(new TrackAddressCommand(event.addressId()));
    }
}
