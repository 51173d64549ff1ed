package org.proxytrunks.events;

/** The two kinds of SIP peering provider a brand configures. */
public enum ProviderKind {
    /** Outbound calls go to carriers. */
    CARRIER,
    /** Inbound calls (DDIs) come from DDI providers. */
    DDI_PROVIDER;

    /** How a person names this kind: "carrier", "DDI provider". */
    public String label() {
        return this == CARRIER ? "carrier" : "DDI provider";
    }
}
