package org.proxytrunks.events.address;

import org.proxytrunks.events.AddressId;
import org.proxytrunks.events.EventRevision;
import org.proxytrunks.events.IpLiteral;

import java.util.Objects;

/**
 * An additional address was removed; Kamailio stops listening on {@code ip}, and the id is
 * never used again. Any brand assignments it still had end with events of their own.
 *
 * @param addressId the address
 * @param ip        the IP it had
 */
@EventRevision("1")
public record AddressRemovedEvent(AddressId addressId, IpLiteral ip) implements AddressEvent {

    public AddressRemovedEvent {
        Objects.requireNonNull(addressId, "addressId");
        Objects.requireNonNull(ip, "ip");
    }
}
