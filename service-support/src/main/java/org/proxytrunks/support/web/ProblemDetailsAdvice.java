package org.proxytrunks.support.web;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import org.proxytrunks.events.InvalidValueException;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Answers every error that is not the domain's own as a problem detail a person can act on:
 * unreadable or mistyped JSON names the field, an oversized body is 413, and anything
 * unexpected is a 500 with a reference to the log line, never a stack trace. Service-specific
 * advice for domain refusals runs before this one.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
public class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

    static ProblemDetail tooLarge(long limit) {
        return Problems.of(HttpStatus.PAYLOAD_TOO_LARGE, "body-too-large", "Request body too large",
                "The request body is larger than " + limit + " bytes; send a smaller body.");
    }

    @ExceptionHandler(InvalidRequestException.class)
    ResponseEntity<ProblemDetail> invalidRequest(InvalidRequestException e) {
        return ResponseEntity.badRequest().body(Problems.invalidFields(e.problems()));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> mistypedParameter(MethodArgumentTypeMismatchException e) {
        return ResponseEntity.badRequest().body(Problems.invalidFields(List.of(
                new FieldProblem(e.getName(), "has the wrong form"))));
    }

    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<ProblemDetail> denied(AccessDeniedException e, HttpServletRequest request) {
        return ResponseEntity.status(HttpStatus.FORBIDDEN).body(Problems.of(HttpStatus.FORBIDDEN, "forbidden", "Not allowed",
                "Your role does not allow " + request.getMethod() + " " + request.getRequestURI() + "."));
    }

    /**
     * A body declared as {@code *}{@code /*} or {@code application/*}: Spring reads such a
     * Content-Type and then refuses to keep it with an IllegalArgumentException
     * (spring-framework#27957); it is a media type no body can have, so 415. Any other
     * IllegalArgumentException is unexpected.
     */
    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<ProblemDetail> illegalArgument(IllegalArgumentException e, HttpServletRequest request) {
        if (!hasWildcardContentType(request)) {
            return unexpected(e);
        }
        return ResponseEntity.status(HttpStatus.UNSUPPORTED_MEDIA_TYPE).body(Problems.of(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                "unsupported-media-type", "Unsupported Media Type",
                "The Content-Type is a wildcard, which no body can have; send application/json."));
    }

    private static boolean hasWildcardContentType(HttpServletRequest request) {
        try {
            MediaType type = MediaType.parseMediaType(request.getContentType());
            return type.isWildcardType() || type.isWildcardSubtype();
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        String reference = UUID.randomUUID().toString();
        LOG.error("Unexpected error, reference {}", reference, e);
        return ResponseEntity.internalServerError().body(Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error",
                "Internal error", "The request could not be completed because of an internal error; "
                        + "the service logged it with reference " + reference + "."));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        Throwable cause = e;
        while (cause != null) {
            if (cause instanceof BodyTooLargeException tooLarge) {
                return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE).body(Problems.of(HttpStatus.PAYLOAD_TOO_LARGE,
                        "body-too-large", "Request body too large", "The " + tooLarge.getMessage() + "; send a smaller body."));
            }
            if (cause instanceof JsonMappingException mapping) {
                return ResponseEntity.badRequest().body(Problems.invalidFields(List.of(describe(mapping))));
            }
            if (cause instanceof StreamReadException parse) {
                return ResponseEntity.badRequest().body(Problems.invalidFields(List.of(describe(parse))));
            }
            cause = cause.getCause();
        }
        return ResponseEntity.badRequest().body(Problems.invalidFields(List.of(
                new FieldProblem("body", "a JSON body is required"))));
    }

    private static FieldProblem describe(JsonMappingException e) {
        String field = path(e.getPath());
        InvalidValueException invalid = findCause(e, InvalidValueException.class);
        if (invalid != null) {
            return new FieldProblem(field, invalid.getMessage());
        }
        if (e instanceof UnrecognizedPropertyException unknown) {
            Collection<Object> known = unknown.getKnownPropertyIds();
            return new FieldProblem(field, "is not a known field; the known fields are "
                    + known.stream().map(Object::toString).sorted().collect(Collectors.joining(", ")));
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return new FieldProblem(field.isEmpty() ? "body" : field, "must be " + expected(mismatch.getTargetType()));
        }
        return new FieldProblem(field.isEmpty() ? "body" : field, "has the wrong form");
    }

    private static FieldProblem describe(StreamReadException e) {
        String message = e.getOriginalMessage();
        if (e instanceof JsonParseException && message != null && message.startsWith("Duplicate field '")) {
            String name = message.substring("Duplicate field '".length(), message.indexOf('\'', "Duplicate field '".length()));
            return new FieldProblem(name, "appears more than once; send each field once");
        }
        JsonLocation at = e.getLocation();
        String where = at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
        return new FieldProblem("body", "is not valid JSON" + where);
    }

    private static String path(List<JsonMappingException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : references) {
            if (reference.getFieldName() != null) {
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String expected(Class<?> type) {
        if (type == String.class || type.isEnum() || type.getPackageName().startsWith("org.proxytrunks.events")) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "an object";
        }
        return "a value of the documented type";
    }

    private static <T extends Throwable> T findCause(Throwable e, Class<T> type) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        return null;
    }
}
