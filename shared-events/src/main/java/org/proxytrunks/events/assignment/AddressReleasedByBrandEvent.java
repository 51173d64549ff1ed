package org.proxytrunks.events.assignment;

import org.proxytrunks.events.AddressId;
import org.proxytrunks.events.BrandId;
import org.proxytrunks.events.EventRevision;

import java.util.Objects;

/**
 * A brand no longer has the address.
 *
 * @param addressId the address
 * @param brandId the brand
 */
@EventRevision("1")
public record AddressReleasedByBrandEvent(AddressId addressId, BrandId brandId) implements AddressUsageEvent {

    public AddressReleasedByBrandEvent {
        Objects.requireNonNull(addressId, "addressId");
        Objects.requireNonNull(brandId, "brandId");
    }
}
