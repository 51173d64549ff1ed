package org.proxytrunks.assignment.brand.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.proxytrunks.events.AddressId;
import org.proxytrunks.events.BrandId;
import org.proxytrunks.events.ProviderId;
import org.proxytrunks.events.ProviderKind;
import org.proxytrunks.events.assignment.BrandEvent;

import java.util.Set;

/** The commands of a brand's assignments. Each names its brand; the aggregate id is {@code brand:<brandId>}. */
public final class BrandCommands {

    private BrandCommands() {
    }

    /** The aggregate id of {@code brand}. */
    public static String aggregateId(BrandId brand) {
        return BrandEvent.KEY_PREFIX + brand.value();
    }

    /** A command to one brand's assignments, routed to the aggregate {@code brand:<brandId>}. */
    public interface BrandCommand {

        BrandId brandId();

        @TargetAggregateIdentifier
        default String target() {
            return aggregateId(brandId());
        }
    }

    /**
     * Registers the brand with these addresses, or replaces its set; with {@code registrationOnly}
     * an already registered brand is refused (other platform services may register brands, only
     * God changes a registered brand's addresses). Answers the brand's addresses.
     */
    public record DefineBrandAddressesCommand(BrandId brandId, Set<AddressId> addressIds, boolean registrationOnly) implements BrandCommand {
    }

    /** Gives the brand the use of one more address; answers the brand's addresses. */
    public record AssignAddressToBrandCommand(BrandId brandId, AddressId addressId) implements BrandCommand {
    }

    /** Takes an address away from the brand; answers the brand's addresses. */
    public record UnassignAddressFromBrandCommand(BrandId brandId, AddressId addressId) implements BrandCommand {
    }

    /** Sets the address of a carrier or DDI provider; a null address means "the brand's only address". */
    public record SetProviderAddressCommand(BrandId brandId, ProviderKind kind, ProviderId providerId, AddressId addressId) implements BrandCommand {
    }

    /** Retires a carrier or DDI provider: its assignment ends. */
    public record RetireProviderCommand(BrandId brandId, ProviderKind kind, ProviderId providerId) implements BrandCommand {
    }

    /** Retires the brand: every assignment of it and of its providers ends. */
    public record RetireBrandCommand(BrandId brandId) implements BrandCommand {
    }

    /**
     * Asks the brand, during the removal handshake, whether the address may go: unused (or, with a
     * {@code fallback}, that fallback is one of the brand's usable addresses for the providers that
     * use it) and not its last. When it may, the brand assigns it to no provider until the
     * handshake ends, and keeps the fallback. Answers the reasons it may not (empty when it may).
     */
    public record ConfirmAddressRetirementCommand(BrandId brandId, AddressId addressId, AddressId fallback) implements BrandCommand {

        /** Asks without a fallback: the address may go only when no provider uses it. */
        public ConfirmAddressRetirementCommand(BrandId brandId, AddressId addressId) {
            this(brandId, addressId, null);
        }
    }

    /**
     * Every brand asked confirmed a removal with a fallback: the brand moves its providers still on
     * the retiring address to the fallback it kept when it confirmed.
     */
    public record MoveProvidersToFallbackCommand(BrandId brandId, AddressId addressId) implements BrandCommand {
    }

    /** The removal was refused: the brand may assign the address again. */
    public record WithdrawAddressRetirementCommand(BrandId brandId, AddressId addressId) implements BrandCommand {
    }

    /** The address was removed: the brand loses it. */
    public record DropRemovedAddressCommand(BrandId brandId, AddressId addressId) implements BrandCommand {
    }
}
