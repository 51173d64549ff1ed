package org.proxytrunks.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.regex.Pattern;

/**
 * Identifies a signalling address of the trunks proxy: lower-case letters, digits and
 * inner hyphens, at most 64 characters. The main address is always {@link #MAIN}.
 *
 * @param value the identifier text
 */
public record AddressId(String value) {

    private static final Pattern FORM = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?");

    /** The id of the unremovable main address. */
    public static final AddressId MAIN = new AddressId("proxytrunks");

    @JsonCreator
    public AddressId {
        Identifiers.requireForm("address id", value, FORM);
    }

    /** Whether this is the main address. */
    public boolean isMain() {
        return MAIN.equals(this);
    }

    @JsonValue
    @Override
    public String value() {
        return value;
    }

    @Override
    public String toString() {
        return value;
    }
}
