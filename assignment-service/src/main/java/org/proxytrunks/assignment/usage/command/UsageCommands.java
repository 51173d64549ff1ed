package org.proxytrunks.assignment.usage.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.proxytrunks.events.AddressId;
import org.proxytrunks.events.BrandId;

import java.util.List;

/** The commands of an address's usage across brands; the aggregate id is the address id. */
public final class UsageCommands {

    private UsageCommands() {
    }

    /** The address exists (learned from its {@code AddressAddedEvent}). */
    public record TrackAddressCommand(@TargetAggregateIdentifier AddressId addressId) {
    }

    /** A brand is about to be given the address: refused while the address is retiring or removed. */
    public record GrantAddressCommand(@TargetAggregateIdentifier AddressId addressId, BrandId brandId) {
    }

    /** A retired brand no longer holds the address. */
    public record ReleaseAddressCommand(@TargetAggregateIdentifier AddressId addressId, BrandId brandId) {
    }

    /** The address service started removal round {@code round}; answers the round to work through. */
    public record StartRetirementCheckCommand(@TargetAggregateIdentifier AddressId addressId, long round) {
    }

    /** Every brand asked has answered; {@code reasons} is empty when the address may go. */
    public record ConcludeRetirementCheckCommand(@TargetAggregateIdentifier AddressId addressId, long round,
                                                 List<String> reasons) {
    }

    /** The address was removed; answers the brands that may still hold it (every time, so a repeat can finish the work). */
    public record EndAddressUsageCommand(@TargetAggregateIdentifier AddressId addressId) {
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
