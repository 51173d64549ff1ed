package org.proxytrunks.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The name an operator gives an address: 1 to 100 printable characters, not blank, with no
 * control characters, line or paragraph breaks, format characters or unassigned code points.
 *
 * @param value the name
 */
public record AddressName(String value) {

    /** The reserved name of the main address. */
    public static final AddressName MAIN = new AddressName("proxytrunks");

    public static final int MAX_LENGTH = 100;

    @JsonCreator
    public AddressName {
        if (value == null || value.isEmpty()) {
            throw new InvalidValueException("a name is required");
        }
        int length = value.codePointCount(0, value.length());
        if (length > MAX_LENGTH) {
            throw new InvalidValueException("the name has " + length + " characters; at most " + MAX_LENGTH + " are allowed");
        }
        if (value.isBlank()) {
            throw new InvalidValueException("the name must not be blank");
        }
        value.codePoints().filter(c -> !isPrintable(c)).findFirst().ifPresent(c -> {
            throw new InvalidValueException(String.format(
                    "the name contains U+%04X, which is not printable; use printable characters only, on one line", c));
        });
    }

    /** Whether this name is the reserved name of the main address, in any letter case. */
    public boolean isReserved() {
        return MAIN.value.equalsIgnoreCase(value);
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

    private static boolean isPrintable(int c) {
        return switch (Character.getType(c)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                 Character.SURROGATE, Character.PRIVATE_USE, Character.UNASSIGNED -> false;
            default -> true;
        };
    }
}
