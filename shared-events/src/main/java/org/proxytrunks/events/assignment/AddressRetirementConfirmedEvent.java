package org.proxytrunks.events.assignment;

import org.proxytrunks.events.AddressId;
import org.proxytrunks.events.EventRevision;

import java.util.Objects;

/**
 * No brand uses the retiring address: the address service may remove it.
 *
 * @param addressId the address
 * @param round the removal round: the sequence number of the address's {@code AddressRetirementStartedEvent}
 */
@EventRevision("1")
public record AddressRetirementConfirmedEvent(AddressId addressId, long round) implements AddressUsageEvent {

    public AddressRetirementConfirmedEvent {
        Objects.requireNonNull(addressId, "addressId");
    }
}
