package org.proxytrunks.events.assignment;

import org.proxytrunks.events.AddressId;

/**
 * An event of the assignment context's view of one address: which brands hold it, and its side
 * of the removal handshake. Published with the address id as key.
 */
public sealed interface AddressUsageEvent extends AssignmentEvent permits AddressUsageTrackedEvent,
        AddressGrantedToBrandEvent, AddressReleasedByBrandEvent, AddressRetirementCheckStartedEvent,
        AddressRetirementConfirmedEvent, AddressRetirementRefusedEvent, AddressUsageEndedEvent {

    /** The address. */
    AddressId addressId();
}
