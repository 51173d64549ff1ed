package org.proxytrunks.assignment.application;

import org.proxytrunks.events.AddressId;

/** No address with this id exists, even after waiting for its event to arrive. */
public class UnknownAddressException extends RuntimeException {

    public UnknownAddressException(AddressId address) {
        super("address " + address + " does not exist; add it with the address service first");
    }
}
