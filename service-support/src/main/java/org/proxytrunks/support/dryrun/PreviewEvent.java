package org.proxytrunks.support.dryrun;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An event a previewed command would publish.
 *
 * @param type      the event type of the published contract ({@code ProviderAddressSetEvent})
 * @param aggregate the aggregate it would belong to, as the topics key it
 * @param sequence  its sequence number in that aggregate
 * @param payload   the event as it would be published
 */
public record PreviewEvent(String type, String aggregate, long sequence, JsonNode payload) {
}
