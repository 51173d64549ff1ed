package org.proxytrunks.address.command;

/** Where an address is in its life. A removed address no longer exists. */
public enum AddressLifecycle {
    /** In service, and may be assigned. */
    ACTIVE,
    /** Being removed: may no longer be newly assigned; removal or cancellation follows. */
    RETIRING
}
