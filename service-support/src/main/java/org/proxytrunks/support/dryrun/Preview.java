package org.proxytrunks.support.dryrun;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * The answer to a command sent with {@code dryRun=true}: nothing was stored or published.
 *
 * @param dryRun   always true, so that an answer cannot be taken for the command's own
 * @param events   the events the command would publish, in order
 * @param kamailio what those events would change in Kamailio, as the kamailio-sync-service works
 *                 it out ({@code listen} lines added and removed, whether Kamailio would restart,
 *                 the htable keys that would change); {@code {"unavailable": reason}} when that
 *                 service could not be asked
 */
public record Preview(boolean dryRun, List<PreviewEvent> events, JsonNode kamailio) {
}
