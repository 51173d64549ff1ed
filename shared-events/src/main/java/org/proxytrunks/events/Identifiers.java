package org.proxytrunks.events;

import java.util.regex.Pattern;

/** The checks that every identifier value type shares. */
final class Identifiers {

    private Identifiers() {
    }

    static void requireForm(String what, String value, Pattern form) {
        requireForm(what, value, form, "lower-case letters, digits and inner hyphens");
    }

    static void requireForm(String what, String value, Pattern form, String alphabet) {
        if (value == null || value.isEmpty()) {
            throw new InvalidValueException("a " + what + " is required");
        }
        if (!form.matcher(value).matches()) {
            String shown = value.length() > 40 ? value.substring(0, 40) + "..." : value;
            throw new InvalidValueException("'" + printable(shown) + "' is not a valid " + what
                    + ": use " + alphabet + ", at most 64 characters, starting and ending with a letter or digit");
        }
    }

    /** Replaces control characters so that a refused value can be quoted in a message safely. */
    static String printable(String value) {
        StringBuilder out = new StringBuilder(value.length());
        value.codePoints().forEach(c -> {
            if (Character.isISOControl(c) || Character.getType(c) == Character.LINE_SEPARATOR
                    || Character.getType(c) == Character.PARAGRAPH_SEPARATOR) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }
}
