package org.proxytrunks.events.address;

import org.proxytrunks.events.AddressId;
import org.proxytrunks.events.EventRevision;

import java.util.Objects;

/**
 * Removal of an additional address was requested: the address is RETIRING. From this event on
 * it must not be newly assigned to a brand or a provider. The assignment side answers by
 * confirming that it is unused (then {@link AddressRemovedEvent} follows) or by naming what
 * still uses it (then {@link AddressRetirementCancelledEvent} follows).
 *
 * @param addressId the address
 */
@EventRevision("1")
public record AddressRetirementStartedEvent(AddressId addressId) implements AddressEvent {

    public AddressRetirementStartedEvent {
        Objects.requireNonNull(addressId, "addressId");
    }
}
