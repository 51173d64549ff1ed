package org.proxytrunks.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.regex.Pattern;

/**
 * Identifies a brand of the platform (owned by another service; this suite keys its address
 * assignments by it): letters, digits, '-' and '_', at most 64 characters.
 *
 * @param value the identifier text
 */
public record BrandId(String value) {

    static final Pattern FORM = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9_-]{0,62}[A-Za-z0-9])?");

    @JsonCreator
    public BrandId {
        Identifiers.requireForm("brand id", value, FORM, "letters, digits, '-' and '_'");
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
