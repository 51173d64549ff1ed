package org.proxytrunks.events.assignment;

import org.proxytrunks.events.AddressId;
import org.proxytrunks.events.BrandId;
import org.proxytrunks.events.EventRevision;

import java.util.Objects;

/**
 * Asked during the removal handshake, the brand confirmed that none of its providers uses the address and that it is not its last; until the handshake ends the brand assigns it to no provider.
 *
 * @param brandId the brand
 * @param addressId the retiring address
 */
@EventRevision("1")
public record BrandAddressRetirementAcceptedEvent(BrandId brandId, AddressId addressId) implements BrandEvent {

    public BrandAddressRetirementAcceptedEvent {
        Objects.requireNonNull(brandId, "brandId");
        Objects.requireNonNull(addressId, "addressId");
    }
}
