package org.proxytrunks.events.address;

import org.proxytrunks.events.AddressId;
import org.proxytrunks.events.EventRevision;

import java.util.List;
import java.util.Objects;

/**
 * Removal of an address was refused; the address is ACTIVE again.
 *
 * @param addressId the address
 * @param reasons   why, each a sentence an operator can act on (for example the carriers that
 *                  still use it)
 */
@EventRevision("1")
public record AddressRetirementCancelledEvent(AddressId addressId, List<String> reasons) implements AddressEvent {

    public AddressRetirementCancelledEvent {
        Objects.requireNonNull(addressId, "addressId");
        reasons = List.copyOf(reasons);
    }
}
