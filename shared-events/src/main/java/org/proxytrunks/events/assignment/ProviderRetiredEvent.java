package org.proxytrunks.events.assignment;

import org.proxytrunks.events.AddressId;
import org.proxytrunks.events.BrandId;
import org.proxytrunks.events.EventRevision;
import org.proxytrunks.events.ProviderId;
import org.proxytrunks.events.ProviderKind;

import java.util.Objects;

/**
 * A carrier or DDI provider no longer exists for this suite: the platform retired it or its brand (P3).
 *
 * @param brandId the brand
 * @param kind carrier or DDI provider
 * @param providerId the provider
 * @param addressId the address it used
 */
@EventRevision("1")
public record ProviderRetiredEvent(BrandId brandId, ProviderKind kind, ProviderId providerId, AddressId addressId) implements BrandEvent {

    public ProviderRetiredEvent {
        Objects.requireNonNull(brandId, "brandId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(providerId, "providerId");
        Objects.requireNonNull(addressId, "addressId");
    }
}
