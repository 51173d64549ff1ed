package org.proxytrunks.events.assignment;

import org.proxytrunks.events.AddressId;
import org.proxytrunks.events.BrandId;
import org.proxytrunks.events.EventRevision;

import java.util.Objects;

/**
 * A brand no longer has an address: God took it away, the address was removed, or the brand was retired.
 *
 * @param brandId the brand
 * @param addressId the address
 * @param reason why
 */
@EventRevision("1")
public record BrandAddressUnassignedEvent(BrandId brandId, AddressId addressId, UnassignmentReason reason) implements BrandEvent {

    public BrandAddressUnassignedEvent {
        Objects.requireNonNull(brandId, "brandId");
        Objects.requireNonNull(addressId, "addressId");
        Objects.requireNonNull(reason, "reason");
    }
}
