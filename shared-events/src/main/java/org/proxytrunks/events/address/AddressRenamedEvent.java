package org.proxytrunks.events.address;

import org.proxytrunks.events.AddressId;
import org.proxytrunks.events.AddressName;
import org.proxytrunks.events.EventRevision;

import java.util.Objects;

/**
 * An additional address got a new name (the main address is never renamed).
 *
 * @param addressId the address
 * @param name      its new name
 */
@EventRevision("1")
public record AddressRenamedEvent(AddressId addressId, AddressName name) implements AddressEvent {

    public AddressRenamedEvent {
        Objects.requireNonNull(addressId, "addressId");
        Objects.requireNonNull(name, "name");
    }
}
