package org.proxytrunks.events.assignment;

import org.proxytrunks.events.AddressId;
import org.proxytrunks.events.BrandId;
import org.proxytrunks.events.EventRevision;
import org.proxytrunks.events.ProviderId;
import org.proxytrunks.events.ProviderKind;

import java.util.Objects;

/**
 * A carrier or DDI provider of a brand now uses an address (P1); Kamailio sends its traffic from that address.
 *
 * @param brandId the brand
 * @param kind carrier or DDI provider
 * @param providerId the provider
 * @param addressId the address it uses now
 * @param previousAddressId the address it used before, or {@code null} when it is new
 */
@EventRevision("1")
public record ProviderAddressSetEvent(BrandId brandId, ProviderKind kind, ProviderId providerId, AddressId addressId, AddressId previousAddressId) implements BrandEvent {

    public ProviderAddressSetEvent {
        Objects.requireNonNull(brandId, "brandId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(providerId, "providerId");
        Objects.requireNonNull(addressId, "addressId");
    }
}
