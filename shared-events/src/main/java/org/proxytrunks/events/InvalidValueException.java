package org.proxytrunks.events;

/**
 * A value given for an identifier, name or address does not meet the contract; the message
 * says what is wrong in words an operator can act on.
 */
public class InvalidValueException extends IllegalArgumentException {

    public InvalidValueException(String message) {
        super(message);
    }
}
