package org.proxytrunks.events.assignment;

import org.proxytrunks.events.AddressId;
import org.proxytrunks.events.BrandId;
import org.proxytrunks.events.EventRevision;

import java.util.Objects;

/**
 * The removal of an address was refused elsewhere; the brand may assign it to providers again.
 *
 * @param brandId the brand
 * @param addressId the address
 */
@EventRevision("1")
public record BrandAddressRetirementWithdrawnEvent(BrandId brandId, AddressId addressId) implements BrandEvent {

    public BrandAddressRetirementWithdrawnEvent {
        Objects.requireNonNull(brandId, "brandId");
        Objects.requireNonNull(addressId, "addressId");
    }
}
