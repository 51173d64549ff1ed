package org.proxytrunks.events.assignment;

import org.proxytrunks.events.AddressId;
import org.proxytrunks.events.BrandId;
import org.proxytrunks.events.EventRevision;

import java.util.Objects;

/**
 * A brand is about to get, or has, the address; recorded before the brand event so that a removal handshake asks this brand.
 *
 * @param addressId the address
 * @param brandId the brand
 */
@EventRevision("1")
public record AddressGrantedToBrandEvent(AddressId addressId, BrandId brandId) implements AddressUsageEvent {

    public AddressGrantedToBrandEvent {
        Objects.requireNonNull(addressId, "addressId");
        Objects.requireNonNull(brandId, "brandId");
    }
}
