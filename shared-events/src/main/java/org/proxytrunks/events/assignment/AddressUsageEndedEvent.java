package org.proxytrunks.events.assignment;

import org.proxytrunks.events.AddressId;
import org.proxytrunks.events.EventRevision;

import java.util.Objects;

/**
 * The address was removed; the brands that still held it lose it with events of their own.
 *
 * @param addressId the address
 */
@EventRevision("1")
public record AddressUsageEndedEvent(AddressId addressId) implements AddressUsageEvent {

    public AddressUsageEndedEvent {
        Objects.requireNonNull(addressId, "addressId");
    }
}
