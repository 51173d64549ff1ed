package org.proxytrunks.support.dryrun;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * Asks the kamailio-sync-service what events would change in Kamailio ({@code POST /api/preview}),
 * on the caller's behalf: how Kamailio's files and tables are made stays in that service alone.
 * When it cannot answer, the preview says so instead of failing: the events are still worth seeing.
 */
public class KamailioEffects {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final ObjectMapper json;
    private final URI preview;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    public KamailioEffects(ObjectMapper json, URI syncService) {
        this.json = json;
        this.preview = syncService.resolve("/api/preview");
    }

    /** What {@code events} would change in Kamailio, or {@code {"unavailable": reason}}. */
    public JsonNode of(List<PreviewEvent> events) {
        ObjectNode body = json.createObjectNode();
        ArrayNode list = body.putArray("events");
        events.forEach(event -> list.addObject().put("type", event.type()).set("payload", event.payload()));
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(preview).timeout(TIMEOUT)
                    .header("Content-Type", "application/json").header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)));
            CallerBearer.current().ifPresent(token -> request.header("Authorization", "Bearer " + token));
            HttpResponse<byte[]> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (answer.statusCode() == 403) {
                return unavailable("Kamailio's part of a preview is shown to God only (the kamailio-sync-service cannot tell "
                        + "whose providers the events name)");
            }
            if (answer.statusCode() != 200) {
                return unavailable("the kamailio-sync-service answered " + answer.statusCode());
            }
            return json.readTree(answer.body());
        } catch (IOException e) {
            return unavailable("the kamailio-sync-service could not be asked (" + preview + "): "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return unavailable("interrupted while asking the kamailio-sync-service");
        }
    }

    private JsonNode unavailable(String reason) {
        return json.createObjectNode().put("unavailable", reason);
    }
}
