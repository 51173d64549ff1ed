package org.proxytrunks.support.web;

/**
 * One thing wrong with one field of a request.
 *
 * @param field   the field, as a JSON pointer-like path ({@code ip}, {@code addressIds[2]})
 * @param message what is wrong and what to send instead
 */
public record FieldProblem(String field, String message) {
}
