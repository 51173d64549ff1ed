package org.proxytrunks.events.assignment;

import org.proxytrunks.events.AddressId;

/**
 * An event of the assignment context's view of one address: which brands hold it, and its side
 * of the removal handshake. Published with the key {@code address-usage:<addressId>} (apart from
 * the address's own events, keyed by the address id).
 */
public sealed interface AddressUsageEvent extends AssignmentEvent permits AddressUsageTrackedEvent,
        AddressGrantedToBrandEvent, AddressReleasedByBrandEvent, AddressRetirementCheckStartedEvent,
        AddressRetirementConfirmedEvent, AddressRetirementRefusedEvent, AddressUsageEndedEvent {

    /** The prefix of an address usage's aggregate id and Kafka key. */
    String KEY_PREFIX = "address-usage:";

    /** The address. */
    AddressId addressId();
}
