package org.proxytrunks.events.assignment;

import org.proxytrunks.events.AddressId;
import org.proxytrunks.events.EventRevision;

import java.util.List;
import java.util.Objects;

/**
 * The address is still in use: the address service keeps it, and it may be assigned again.
 *
 * @param addressId the address
 * @param round the removal round: the sequence number of the address's {@code AddressRetirementStartedEvent}
 * @param reasons what uses it (carriers, DDI providers, brands for which it is the last address), each a sentence
 */
@EventRevision("1")
public record AddressRetirementRefusedEvent(AddressId addressId, long round, List<String> reasons) implements AddressUsageEvent {

    public AddressRetirementRefusedEvent {
        Objects.requireNonNull(addressId, "addressId");
        reasons = List.copyOf(reasons);
    }
}
