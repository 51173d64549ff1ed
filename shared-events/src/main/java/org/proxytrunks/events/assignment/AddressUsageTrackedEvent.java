package org.proxytrunks.events.assignment;

import org.proxytrunks.events.AddressId;
import org.proxytrunks.events.EventRevision;

import java.util.Objects;

/**
 * The assignment context learned of a new address (from the address events); it may now be assigned.
 *
 * @param addressId the address
 */
@EventRevision("1")
public record AddressUsageTrackedEvent(AddressId addressId) implements AddressUsageEvent {

    public AddressUsageTrackedEvent {
        Objects.requireNonNull(addressId, "addressId");
    }
}
