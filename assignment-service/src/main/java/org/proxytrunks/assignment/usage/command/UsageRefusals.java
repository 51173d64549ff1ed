package org.proxytrunks.assignment.usage.command;

import org.proxytrunks.events.AddressId;

/** Why an address cannot be given to a brand. */
public final class UsageRefusals {

    private UsageRefusals() {
    }

    /** The address is being removed, or was. */
    public static final class AddressUnavailableException extends RuntimeException {
        private final boolean removed;

        public AddressUnavailableException(AddressId address, boolean removed) {
            super(removed ? "address " + address + " was removed" : "address " + address + " is being removed and cannot be assigned");
            this.removed = removed;
        }

        public boolean removed() {
            return removed;
        }
    }
}
