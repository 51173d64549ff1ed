package org.proxytrunks.assignment.brand.command;

import org.proxytrunks.events.ProviderId;
import org.proxytrunks.events.ProviderKind;

/**
 * A carrier or DDI provider: its id is unique within its kind across all brands, because it is
 * the key of Kamailio's table of that kind.
 */
record Provider(ProviderKind kind, ProviderId id) {

    /** "carrier car1", "DDI provider ddi3". */
    @Override
    public String toString() {
        return kind.label() + " " + id;
    }
}
