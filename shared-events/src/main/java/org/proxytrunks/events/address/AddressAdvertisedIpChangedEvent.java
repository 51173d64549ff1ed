package org.proxytrunks.events.address;

import org.proxytrunks.events.AddressId;
import org.proxytrunks.events.EventRevision;
import org.proxytrunks.events.IpLiteral;

import java.util.Objects;

/**
 * The address advertised in SIP headers for this address was set, changed or cleared.
 *
 * @param addressId    the address
 * @param advertisedIp the new advertised address, or {@code null} when cleared
 */
@EventRevision("1")
public record AddressAdvertisedIpChangedEvent(AddressId addressId, IpLiteral advertisedIp) implements AddressEvent {

    public AddressAdvertisedIpChangedEvent {
        Objects.requireNonNull(addressId, "addressId");
    }
}
