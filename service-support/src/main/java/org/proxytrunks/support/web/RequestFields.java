package org.proxytrunks.support.web;

import org.proxytrunks.events.InvalidValueException;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Turns the raw fields of a request into value types, collecting every problem so that one
 * answer names all the fields to fix.
 *
 * <pre>{@code
 * RequestFields fields = new RequestFields();
 * IpLiteral ip = fields.required("ip", body.ip(), IpLiteral::parse);
 * fields.throwIfInvalid();
 * }</pre>
 */
public final class RequestFields {

    private final List<FieldProblem> problems = new ArrayList<>();

    /** Parses a field that must be present; records a problem and returns null when it is missing or invalid. */
    public <T> T required(String field, String raw, Function<String, T> parser) {
        if (raw == null) {
            problems.add(new FieldProblem(field, "is required"));
            return null;
        }
        return optional(field, raw, parser);
    }

    /** Parses a field that may be absent (null); records a problem and returns null when it is invalid. */
    public <T> T optional(String field, String raw, Function<String, T> parser) {
        if (raw == null) {
            return null;
        }
        try {
            return parser.apply(raw);
        } catch (InvalidValueException e) {
            problems.add(new FieldProblem(field, e.getMessage()));
            return null;
        }
    }

    /** Records a problem found by the caller. */
    public void reject(String field, String message) {
        problems.add(new FieldProblem(field, message));
    }

    public boolean isValid() {
        return problems.isEmpty();
    }

    /** @throws InvalidRequestException naming every problem recorded so far */
    public void throwIfInvalid() {
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
    }
}
