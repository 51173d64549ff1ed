package org.proxytrunks.assignment.usage.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.proxytrunks.events.AddressId;
import org.proxytrunks.events.BrandId;
import org.proxytrunks.events.assignment.AddressUsageEvent;

import java.util.List;

/** The commands of an address's usage across brands; the aggregate id is the address id. */
public final class UsageCommands {

    private UsageCommands() {
    }

    /** The aggregate id (and Kafka key) of an address's usage: apart from the address's own id, which the address service uses. */
    public static String aggregateId(AddressId address) {
        return AddressUsageEvent.KEY_PREFIX + address.value();
    }

    /** A command to one address's usage, routed to the aggregate {@code address-usage:<addressId>}. */
    public interface UsageCommand {

        AddressId addressId();

        @TargetAggregateIdentifier
        default String target() {
            return aggregateId(addressId());
        }
    }

    /** The address exists (learned from its {@code AddressAddedEvent}). */
    public record TrackAddressCommand(AddressId addressId) implements UsageCommand {
    }

    /** A brand is about to be given the address: refused while the address is retiring or removed. */
    public record GrantAddressCommand(AddressId addressId, BrandId brandId) implements UsageCommand {
    }

    /** A retired brand no longer holds the address. */
    public record ReleaseAddressCommand(AddressId addressId, BrandId brandId) implements UsageCommand {
    }

    /** The address service started removal round {@code round}; answers the round to work through. */
    public record StartRetirementCheckCommand(AddressId addressId, long round) implements UsageCommand {
    }

    /** Every brand asked has answered; {@code reasons} is empty when the address may go. */
    public record ConcludeRetirementCheckCommand(AddressId addressId, long round,
                                                 List<String> reasons) implements UsageCommand {
    }

    /** The address was removed; answers the brands that may still hold it (every time, so a repeat can finish the work). */
    public record EndAddressUsageCommand(AddressId addressId) implements UsageCommand {
    }

    /**
     * Where a removal round stands.
     *
     * @param round     the round
     * @param brands    the brands to ask
     * @param concluded whether every answer is in
     * @param refused   whether the removal was refused (then the brands withdraw their blocks)
     */
    public record RetirementRound(long round, List<BrandId> brands, boolean concluded, boolean refused) {
    }
}
