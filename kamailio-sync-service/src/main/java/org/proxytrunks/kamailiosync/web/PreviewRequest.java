package org.proxytrunks.kamailiosync.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/**
 * The body of {@code POST /api/preview}.
 *
 * @param events the events to preview, in order
 */
record PreviewRequest(@ArraySchema(maxItems = PreviewEvents.MAX_EVENTS) List<Event> events) {

    /**
     * One event, as a dry run lists it (its answer's events can be sent as they are).
     *
     * @param type      the simple name of an event type of the published contract ({@code ProviderAddressSetEvent})
     * @param aggregate the aggregate it belongs to; not used
     * @param sequence  its sequence number in that aggregate; not used
     * @param payload   the event as published
     */
    record Event(@Schema(example = "ProviderAddressSetEvent") String type, String aggregate, Long sequence, JsonNode payload) {
    }
}
