package org.proxytrunks.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Identifies a carrier or a DDI provider within its kind (owned by another platform service):
 * letters, digits, '-' and '_', at most 64 characters.
 *
 * @param value the identifier text
 */
public record ProviderId(String value) {

    @JsonCreator
    public ProviderId {
        Identifiers.requireForm("provider id", value, BrandId.FORM, "letters, digits, '-' and '_'");
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
