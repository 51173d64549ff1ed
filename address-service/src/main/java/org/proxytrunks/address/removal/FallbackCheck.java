package org.proxytrunks.address.removal;

import org.proxytrunks.address.command.AddressHistory;
import org.proxytrunks.address.command.AddressHistory.State;
import org.proxytrunks.address.command.Commands.StartAddressRetirementCommand;
import org.proxytrunks.address.command.Refusals.InvalidAddressFieldException;
import org.proxytrunks.events.AddressId;
import org.proxytrunks.events.InvalidValueException;
import org.springframework.stereotype.Component;

/**
 * Reads the fallback a removal names ({@code moveProvidersTo}) and refuses at once one that
 * cannot take providers: malformed (400), unknown or removed (404), being removed itself (409).
 * This is for a clear answer only: the fallback may change right after. What makes the move safe
 * is the assignment side, where each brand checks the fallback under its own lock and keeps it
 * until the removal ends.
 */
@Component
public class FallbackCheck {

    private final AddressHistory history;

    FallbackCheck(AddressHistory history) {
        this.history = history;
    }

    /** The fallback's id, parsed from the request parameter; null when none was given. */
    public static AddressId parse(String given) {
        if (given == null) {
            return null;
        }
        try {
            return new AddressId(given);
        } catch (InvalidValueException e) {
            throw new InvalidAddressFieldException(StartAddressRetirementCommand.FALLBACK_FIELD,
                    "the fallback must be the id of an address: " + e.getMessage());
        }
    }

    /** Refuses a fallback that does not exist now or is being removed. */
    public void requireAvailable(AddressId fallback) {
        State state = history.of(fallback).map(AddressHistory.Standing::state).orElse(null);
        if (state == null || state == State.REMOVED) {
            throw new FallbackUnavailableException(fallback, false);
        }
        if (state == State.RETIRING) {
            throw new FallbackUnavailableException(fallback, true);
        }
    }

    /** The named fallback cannot take providers: it does not exist, or it is being removed. */
    public static final class FallbackUnavailableException extends RuntimeException {
        private final boolean exists;

        FallbackUnavailableException(AddressId fallback, boolean exists) {
            super(exists ? "the fallback address " + fallback + " is being removed itself; name another address"
                    : "there is no address " + fallback + " to move the providers to; it was never added or was removed");
            this.exists = exists;
        }

        /** Whether the fallback exists (being removed) rather than not at all. */
        public boolean exists() {
            return exists;
        }
    }
}
