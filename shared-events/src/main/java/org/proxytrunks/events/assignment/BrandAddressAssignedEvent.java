package org.proxytrunks.events.assignment;

import org.proxytrunks.events.AddressId;
import org.proxytrunks.events.BrandId;
import org.proxytrunks.events.EventRevision;

import java.util.Objects;

/**
 * God gave a brand the use of an address (B1).
 *
 * @param brandId the brand
 * @param addressId the address
 */
@EventRevision("1")
public record BrandAddressAssignedEvent(BrandId brandId, AddressId addressId) implements BrandEvent {

    public BrandAddressAssignedEvent {
        Objects.requireNonNull(brandId, "brandId");
        Objects.requireNonNull(addressId, "addressId");
    }
}
