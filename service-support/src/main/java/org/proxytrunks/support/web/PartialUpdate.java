package org.proxytrunks.support.web;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The body of a PATCH (JSON merge patch style), which has to tell an absent field (keep it)
 * from an explicit {@code null} (clear it) — something a record cannot. Unknown fields and
 * non-text values are refused, naming the field.
 */
public final class PartialUpdate {

    private final JsonNode body;
    private final RequestFields fields;

    private PartialUpdate(JsonNode body, RequestFields fields) {
        this.body = body;
        this.fields = fields;
    }

    /**
     * Reads {@code body}, recording a problem in {@code fields} for every field not in {@code known}
     * and for a body that is not an object or changes nothing.
     */
    public static PartialUpdate of(JsonNode body, Set<String> known, RequestFields fields) {
        if (body == null || !body.isObject()) {
            fields.reject("body", "must be a JSON object");
            return new PartialUpdate(null, fields);
        }
        List<String> unknown = new ArrayList<>();
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                unknown.add(name);
            }
        }
        unknown.forEach(name -> fields.reject(name, "is not a known field; the known fields are " + String.join(", ", new TreeSet<>(known))));
        if (body.isEmpty()) {
            fields.reject("body", "names nothing to change; send at least one of " + String.join(", ", new TreeSet<>(known)));
        }
        return new PartialUpdate(body, fields);
    }

    /** Whether the body names {@code field}, with a value or null. */
    public boolean has(String field) {
        return body != null && body.has(field);
    }

    /** The parsed value of a field that may be changed but not cleared; null when absent or invalid. */
    public <T> T required(String field, Function<String, T> parser) {
        if (!has(field)) {
            return null;
        }
        JsonNode value = body.get(field);
        if (value.isNull()) {
            fields.reject(field, "cannot be null; leave it out to keep the current value");
            return null;
        }
        return parse(field, value, parser);
    }

    /** The parsed value of a field that may be cleared with null; null when absent, null or invalid. */
    public <T> T clearable(String field, Function<String, T> parser) {
        if (!has(field) || body.get(field).isNull()) {
            return null;
        }
        return parse(field, body.get(field), parser);
    }

    private <T> T parse(String field, JsonNode value, Function<String, T> parser) {
        if (!value.isTextual()) {
            fields.reject(field, "must be a string");
            return null;
        }
        return fields.optional(field, value.asText(), parser);
    }
}
