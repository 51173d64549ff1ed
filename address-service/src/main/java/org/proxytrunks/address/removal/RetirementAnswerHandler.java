package org.proxytrunks.address.removal;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.proxytrunks.address.command.Commands.CancelAddressRetirementCommand;
import org.proxytrunks.address.command.Commands.CompleteAddressRetirementCommand;
import org.proxytrunks.address.command.Refusals.NotRetiringException;
import org.proxytrunks.events.assignment.AddressRetirementConfirmedEvent;
import org.proxytrunks.events.assignment.AddressRetirementRefusedEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The address side of the removal handshake: reads the assignment side's answers from
 * {@code proxytrunks.assignments} (a tracking processor whose position is kept in MongoDB) and
 * removes the address or makes it ACTIVE again. An answer for another round, or repeated, is
 * ignored.
 */
@Component
@ProcessingGroup(RetirementAnswerHandler.GROUP)
class RetirementAnswerHandler {

    static final String GROUP = "retirement-outcomes";
    private static final Logger LOG = LoggerFactory.getLogger(RetirementAnswerHandler.class);

    private final CommandGateway commands;

    RetirementAnswerHandler(CommandGateway commands) {
        this.commands = commands;
    }

    @EventHandler
    void on(AddressRetirementConfirmedEvent event) {
        send(new CompleteAddressRetirementCommand(event.addressId(), event.round()));
    }

    @EventHandler
    void on(AddressRetirementRefusedEvent event) {
        send(new CancelAddressRetirementCommand(event.addressId(), event.round(), event.reasons()));
    }

    private void send(Object command) {
        try {
            commands.sendAndWait(command);
        } catch (NotRetiringException | AggregateNotFoundException stale) {
            LOG.debug("Ignoring a stale or repeated removal answer: {}", stale.getMessage());
        }
    }
}
