package org.proxytrunks.assignment.brand.command;

import org.proxytrunks.events.AddressId;
import org.proxytrunks.events.BrandId;

import java.util.List;

/** Why a brand's assignments refuse a command; the web layer maps each type to a problem detail. */
public final class BrandRefusals {

    private BrandRefusals() {
    }

    /** The brand is not registered (or was retired). */
    public static final class UnknownBrandException extends RuntimeException {
        public UnknownBrandException(BrandId brand, boolean retired) {
            super(retired ? "brand " + brand + " was retired" : "brand " + brand + " is not registered; register it with PUT /api/brands/" + brand);
        }
    }

    /** A platform service tried to change the addresses of a registered brand, which only God may. */
    public static final class AlreadyRegisteredException extends RuntimeException {
        public AlreadyRegisteredException(BrandId brand) {
            super("brand " + brand + " is registered already; only the platform operator (God) changes its addresses");
        }
    }

    /** A rule of the brand's assignments (B2, B3, P1) would break; the reasons say which and what to do. */
    public static final class AssignmentRuleException extends RuntimeException {
        private final List<String> reasons;

        public AssignmentRuleException(List<String> reasons) {
            super(String.join("; ", reasons));
            this.reasons = List.copyOf(reasons);
        }

        public AssignmentRuleException(String reason) {
            this(List.of(reason));
        }

        public List<String> reasons() {
            return reasons;
        }
    }

    /** The address is being removed and may not be newly assigned. */
    public static final class AddressRetiringException extends RuntimeException {
        public AddressRetiringException(AddressId address) {
            super("address " + address + " is being removed and cannot be assigned");
        }
    }

    /** A provider's address must be one of its brand's addresses (P1). */
    public static final class AddressNotInBrandException extends RuntimeException {
        public AddressNotInBrandException(BrandId brand, AddressId address) {
            super("address " + address + " is not one of the addresses of brand " + brand
                    + "; ask the platform operator to assign it to the brand first, or choose one of the brand's addresses");
        }
    }

    /**
     * The provider id belongs to another brand (P4). The message names that brand; {@link #withoutOwner()}
     * is what a brand's own operator may read, since another brand's name is not theirs to see.
     */
    public static final class ProviderTakenException extends RuntimeException {
        private final BrandId owner;
        private final String withoutOwner;

        ProviderTakenException(Provider provider, BrandId owner) {
            super(provider + " belongs to brand " + owner + ": a provider id belongs to the brand that set it first"
                    + " until that brand retires it; retire it there first, or choose another id");
            this.owner = owner;
            this.withoutOwner = provider.kind().label() + " id " + provider.id() + " is taken by another brand; choose another id";
        }

        /** The refusal without the owning brand. */
        public String withoutOwner() {
            return withoutOwner;
        }

        public BrandId owner() {
            return owner;
        }
    }
}
