package org.proxytrunks.events.assignment;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.proxytrunks.events.AddressId;
import org.proxytrunks.events.BrandId;
import org.proxytrunks.events.EventRevision;

import java.util.Objects;

/**
 * Asked during the removal handshake, the brand confirmed that the address may go: none of its
 * providers uses it, or (with a fallback) the fallback is one of its usable addresses and its
 * providers on the address are to be moved there; and it is not its last. Until the handshake
 * ends the brand assigns the address to no provider, and keeps the fallback.
 *
 * <p>Revision 2 added {@code fallbackAddressId}, left out of the JSON when absent.
 *
 * @param brandId the brand
 * @param addressId the retiring address
 * @param fallbackAddressId the address the brand keeps for its providers until the handshake ends, or {@code null}
 */
@EventRevision("2")
public record BrandAddressRetirementAcceptedEvent(BrandId brandId, AddressId addressId,
                                                  @JsonInclude(JsonInclude.Include.NON_NULL) AddressId fallbackAddressId) implements BrandEvent {

    public BrandAddressRetirementAcceptedEvent {
        Objects.requireNonNull(brandId, "brandId");
        Objects.requireNonNull(addressId, "addressId");
    }

    /** Accepted without a fallback: no provider of the brand uses the address. */
    public BrandAddressRetirementAcceptedEvent(BrandId brandId, AddressId addressId) {
        this(brandId, addressId, null);
    }
}
