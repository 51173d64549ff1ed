package org.proxytrunks.events.assignment;

/** Why a brand lost an address. */
public enum UnassignmentReason {
    /** God took the address away from the brand. */
    UNASSIGNED,
    /** The address itself was removed. */
    ADDRESS_REMOVED,
    /** The brand was retired. */
    BRAND_RETIRED
}
