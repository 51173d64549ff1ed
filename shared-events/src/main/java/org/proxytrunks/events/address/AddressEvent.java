package org.proxytrunks.events.address;

import org.proxytrunks.events.AddressId;

/**
 * An event of a signalling address of the trunks proxy, published on
 * {@link org.proxytrunks.events.Topics#ADDRESSES} with the address id as key.
 *
 * <p>The life of an address: {@link AddressAddedEvent}; any number of
 * {@link AddressRenamedEvent}, {@link AddressIpChangedEvent} and
 * {@link AddressAdvertisedIpChangedEvent}; removal is a handshake, {@link AddressRetirementStartedEvent}
 * (the address is RETIRING and may no longer be newly assigned) followed either by
 * {@link AddressRetirementCancelledEvent} (back to ACTIVE, with the reasons) or by
 * {@link AddressRemovedEvent}, after which the id is never used again.
 */
public sealed interface AddressEvent permits AddressAddedEvent, AddressRenamedEvent, AddressIpChangedEvent,
        AddressAdvertisedIpChangedEvent, AddressRetirementStartedEvent, AddressRetirementCancelledEvent,
        AddressRemovedEvent {

    /** The address this event belongs to. */
    AddressId addressId();
}
