package org.proxytrunks.kamailiosync.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.proxytrunks.events.InvalidValueException;
import org.proxytrunks.support.axon.ContractEventTypes;
import org.proxytrunks.support.web.InvalidRequestException;
import org.proxytrunks.support.web.RequestFields;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Reads the events of a preview request, naming every field at fault ({@code events[3].type},
 * {@code events[3].payload}). Only the event types of the published contract are instantiated,
 * found by their simple name ({@link ContractEventTypes}): no class is loaded by a name the
 * request carries. A payload is read as this service reads the topics, fields it does not know
 * passed over.
 */
final class PreviewEvents {

    /** The most events one preview takes: a removal that moves a few thousand providers, with room to spare. */
    static final int MAX_EVENTS = 10_000;

    private final ObjectMapper json = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    /**
     * The events of {@code body}, in order.
     *
     * @throws InvalidRequestException naming each field at fault
     */
    List<Object> read(PreviewRequest body) {
        RequestFields fields = new RequestFields();
        if (body == null || body.events() == null) {
            fields.reject("events", "is required: send {\"events\": [{\"type\": ..., \"payload\": ...}]}");
        } else if (body.events().size() > MAX_EVENTS) {
            fields.reject("events", "holds " + body.events().size() + " events; a preview takes at most " + MAX_EVENTS
                    + ": preview fewer at a time");
        }
        fields.throwIfInvalid();
        List<Object> events = new ArrayList<>();
        for (int i = 0; i < body.events().size(); i++) {
            read(fields, "events[" + i + "]", body.events().get(i)).ifPresent(events::add);
        }
        fields.throwIfInvalid();
        return events;
    }

    private Optional<Object> read(RequestFields fields, String field, PreviewRequest.Event event) {
        if (event == null) {
            fields.reject(field, "must be an event: {\"type\": ..., \"payload\": ...}");
            return Optional.empty();
        }
        Optional<Class<?>> type = ContractEventTypes.bySimpleName(event.type());
        if (type.isEmpty()) {
            fields.reject(field + ".type", event.type() == null
                    ? "is required: the simple name of an event type of the published contract, e.g. AddressAddedEvent"
                    : "is not an event type of the published contract: send the simple name of one, e.g. AddressAddedEvent");
        }
        JsonNode payload = event.payload();
        if (payload == null || payload.isNull()) {
            fields.reject(field + ".payload", "is required: the event as published");
            return Optional.empty();
        }
        if (!payload.isObject()) {
            fields.reject(field + ".payload", "must be an object: the event as published");
            return Optional.empty();
        }
        if (type.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(json.treeToValue(payload, type.get()));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            fields.reject(field + ".payload", "cannot be read as " + type.get().getSimpleName() + ": " + reason(e));
            return Optional.empty();
        }
    }

    /**
     * What is wrong, in the payload's terms: the field and the value type's own words, or the
     * field an event requires (its constructor names it), never a Java class.
     */
    private static String reason(Exception e) {
        String at = e instanceof JsonMappingException mapping ? mapping.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[") : "";
        String prefix = at.isEmpty() ? "" : at + ": ";
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof InvalidValueException invalid) {
                return prefix + invalid.getMessage();
            }
            if (cause instanceof NullPointerException missing && at.isEmpty() && missing.getMessage() != null
                    && missing.getMessage().matches("[A-Za-z]+")) {
                return "'" + missing.getMessage() + "' is required";
            }
        }
        return prefix + "has the wrong form";
    }
}
