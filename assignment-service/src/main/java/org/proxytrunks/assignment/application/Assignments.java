package org.proxytrunks.assignment.application;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.proxytrunks.assignment.brand.command.BrandCommands.AssignAddressToBrandCommand;
import org.proxytrunks.assignment.brand.command.BrandCommands.DefineBrandAddressesCommand;
import org.proxytrunks.assignment.brand.command.BrandCommands.RetireBrandCommand;
import org.proxytrunks.assignment.brand.command.BrandCommands.RetireProviderCommand;
import org.proxytrunks.assignment.brand.command.BrandCommands.SetProviderAddressCommand;
import org.proxytrunks.assignment.brand.command.BrandCommands.UnassignAddressFromBrandCommand;
import org.proxytrunks.assignment.usage.command.UsageCommands.GrantAddressCommand;
import org.proxytrunks.assignment.usage.command.UsageCommands.ReleaseAddressCommand;
import org.proxytrunks.events.AddressId;
import org.proxytrunks.events.BrandId;
import org.proxytrunks.events.ProviderId;
import org.proxytrunks.events.ProviderKind;
import org.proxytrunks.support.Deadline;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The use cases of the assignment service. A brand is given an address in two steps: the
 * address's usage grants it (refused while the address is retiring or removed), then the brand
 * takes it. Grants are never taken back while a brand may still hold the address — a stale
 * grant only means one more brand is asked during a removal — except for a retired brand,
 * which never comes back.
 *
 * <p>The assignment service learns of new addresses from Kafka. An address that was just added
 * may not have arrived yet: a grant waits for it, up to {@code proxytrunks.assignment.address-wait},
 * before calling it unknown.
 */
@Service
public class Assignments {

    private static final Duration RETRY = Duration.ofMillis(100);

    private final CommandGateway commands;
    private final Duration addressWait;

    Assignments(CommandGateway commands, @Value("${proxytrunks.assignment.address-wait:10s}") Duration addressWait) {
        this.commands = commands;
        this.addressWait = addressWait;
    }

    /** Registers a brand, or replaces its addresses; answers the brand's addresses. */
    public List<AddressId> defineBrand(BrandId brand, Set<AddressId> addresses, boolean registrationOnly) {
        addresses.forEach(address -> grant(address, brand));
        return commands.sendAndWait(new DefineBrandAddressesCommand(brand, addresses, registrationOnly));
    }

    /** Gives a registered brand one more address; answers the brand's addresses. */
    public List<AddressId> assignAddress(BrandId brand, AddressId address) {
        grant(address, brand);
        return sendToBrand(new AssignAddressToBrandCommand(brand, address), brand);
    }

    /** Takes an address away from a brand; answers the brand's addresses. */
    public List<AddressId> unassignAddress(BrandId brand, AddressId address) {
        return sendToBrand(new UnassignAddressFromBrandCommand(brand, address), brand);
    }

    /** Retires a brand, ending every assignment of it and of its providers. Idempotent. */
    public void retireBrand(BrandId brand) {
        List<AddressId> held;
        try {
            held = commands.sendAndWait(new RetireBrandCommand(brand));
        } catch (AggregateNotFoundException unknown) {
            return;
        }
        held.forEach(address -> commands.sendAndWait(new ReleaseAddressCommand(address, brand)));
    }

    /**
     * Sets a provider's address (null: the brand's only address); answers the address it uses.
     * Refused while another brand holds the provider id (P4).
     */
    public AddressId setProviderAddress(BrandId brand, ProviderKind kind, ProviderId provider, AddressId address) {
        return sendToBrand(new SetProviderAddressCommand(brand, kind, provider, address), brand);
    }

    /** Retires a provider, ending its assignment. Idempotent; refused while another brand holds the provider id (P4). */
    public void retireProvider(BrandId brand, ProviderKind kind, ProviderId provider) {
        try {
            commands.sendAndWait(new RetireProviderCommand(brand, kind, provider));
        } catch (AggregateNotFoundException unknown) {
            // a provider of an unknown brand has no assignment to end
        }
    }

    private <R> R sendToBrand(Object command, BrandId brand) {
        try {
            return commands.sendAndWait(command);
        } catch (AggregateNotFoundException unknown) {
            throw new org.proxytrunks.assignment.brand.command.BrandRefusals.UnknownBrandException(brand, false);
        }
    }

    private void grant(AddressId address, BrandId brand) {
        Deadline deadline = Deadline.in(addressWait);
        while (true) {
            try {
                commands.sendAndWait(new GrantAddressCommand(address, brand));
                return;
            } catch (AggregateNotFoundException notYetKnown) {
                if (deadline.passed() || !Deadline.pause(RETRY)) {
                    throw new UnknownAddressException(address);
                }
            }
        }
    }
}
