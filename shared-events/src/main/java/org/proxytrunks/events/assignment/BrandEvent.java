package org.proxytrunks.events.assignment;

import org.proxytrunks.events.BrandId;

/**
 * An event of one brand's assignments: its addresses (rules B1–B3) and the address of each of
 * its carriers and DDI providers (P1–P3). Published with the key {@code brand:<brandId>}, so a
 * brand's events stay in order.
 */
public sealed interface BrandEvent extends AssignmentEvent permits BrandRegisteredEvent, BrandAddressAssignedEvent,
        BrandAddressUnassignedEvent, BrandRetiredEvent, ProviderAddressSetEvent, ProviderRetiredEvent,
        BrandAddressRetirementAcceptedEvent, BrandAddressRetirementWithdrawnEvent {

    /** The prefix of a brand's aggregate id and Kafka key. */
    String KEY_PREFIX = "brand:";

    /** The brand. */
    BrandId brandId();
}
