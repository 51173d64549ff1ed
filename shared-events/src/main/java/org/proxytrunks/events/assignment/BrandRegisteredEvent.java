package org.proxytrunks.events.assignment;

import org.proxytrunks.events.AddressId;
import org.proxytrunks.events.BrandId;
import org.proxytrunks.events.EventRevision;

import java.util.List;
import java.util.Objects;

/**
 * A brand was registered with its first addresses (at least one, rule B2).
 *
 * @param brandId the brand
 * @param addressIds its addresses, sorted
 */
@EventRevision("1")
public record BrandRegisteredEvent(BrandId brandId, List<AddressId> addressIds) implements BrandEvent {

    public BrandRegisteredEvent {
        Objects.requireNonNull(brandId, "brandId");
        addressIds = List.copyOf(addressIds);
    }
}
