package org.proxytrunks.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.proxytrunks.embedded.SharedTestStack;
import org.proxytrunks.events.Topics;
import org.proxytrunks.testing.RunningService;
import org.proxytrunks.testing.RunningService.Response;
import org.proxytrunks.testing.Tokens;
import org.proxytrunks.testing.TopicReader;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Previews ({@code dryRun=true}) across the services: a preview publishes nothing and changes no
 * read model, the real command then publishes the events it listed, and the Kamailio effect it
 * listed is what the kamailio-sync-service then does to its files and tables. A preview that would
 * be refused is refused as the real command is.
 */
class DryRunIT {

    private final Platform platform = Platform.get();
    private final RunningService sync = platform.sync().service();
    private final Path syncFiles = platform.sync().directory();
    private final String god = Tokens.god();

    @Test
    void aProviderMoveIsPreviewedThenDoneAsPreviewed() {
        String first = platform.addAddress("dry-run first", "127.0.6.11");
        String second = platform.addAddress("dry-run second", "127.0.6.12");
        assertThat(platform.defineBrand(god, "dr-move", first, second).status()).isEqualTo(200);
        Response set = platform.setProvider(god, "dr-move", "carriers", "dr-c1", first);
        assertThat(set.status()).isEqualTo(200);
        long setSequence = sequenceOf(set);
        awaitRecord(Topics.ASSIGNMENTS, "brand:dr-move", setSequence);
        awaitProviderSocket("dr-c1", "udp:127.0.6.11:5060");

        Response preview = platform.assignments.send("PUT", "/api/brands/dr-move/carriers/dr-c1?dryRun=true", god,
                "{\"addressId\":\"" + second + "\"}");
        assertThat(preview.status()).as(preview.toString()).isEqualTo(200);
        JsonNode answer = preview.json();
        assertThat(answer.path("dryRun").asBoolean()).isTrue();
        assertThat(types(answer)).containsExactly("ProviderAddressSetEvent");
        assertThat(answer.path("events").get(0).path("sequence").asLong()).as("numbered after the last event").isEqualTo(setSequence + 1);
        JsonNode kamailio = answer.path("kamailio");
        assertThat(kamailio.path("restart").asBoolean()).as(kamailio.toString()).isFalse();
        assertThat(kamailio.path("tables").toString()).as(kamailio.toString())
                .isEqualTo("[{\"table\":\"carriers\",\"key\":\"dr-c1\",\"from\":\"udp:127.0.6.11:5060\",\"to\":\"udp:127.0.6.12:5060\"}]");

        assertThat(platform.projector.send("GET", "/api/brands/dr-move/carriers/dr-c1", god, null).json()
                .path("address").path("id").asText()).as("the read model").isEqualTo(first);
        assertThat(providerSocket("dr-c1")).as("the sync service's table").isEqualTo("udp:127.0.6.11:5060");

        Response done = platform.setProvider(god, "dr-move", "carriers", "dr-c1", second);
        assertThat(done.status()).as(done.toString()).isEqualTo(200);
        assertThat(sequenceOf(done)).as("the preview stored nothing: the real event comes right after the last").isEqualTo(setSequence + 1);
        ConsumerRecord<String, String> published = awaitRecord(Topics.ASSIGNMENTS, "brand:dr-move", setSequence + 1);
        assertThat(published.value()).as("the event published is the one previewed")
                .isEqualTo(answer.path("events").get(0).path("payload").toString());
        assertThat(recordsOf(Topics.ASSIGNMENTS, "brand:dr-move").stream().filter(r -> sequenceOf(r) > setSequence))
                .as("published after the setup: the real event only").hasSize(1);
        awaitProviderSocket("dr-c1", kamailio.path("tables").get(0).path("to").asText());
    }

    @Test
    void anAddedAddressIsPreviewedWithItsListenLinesThenWrittenAsPreviewed() throws Exception {
        String body = "{\"name\":\"dry-run added\",\"ip\":\"127.0.6.13\",\"advertisedIp\":\"203.0.113.13\"}";
        Response preview = platform.addresses.send("POST", "/api/addresses?dryRun=true", god, body);
        assertThat(preview.status()).as(preview.toString()).isEqualTo(200);
        JsonNode answer = preview.json();
        assertThat(types(answer)).containsExactly("AddressAddedEvent");
        JsonNode kamailio = answer.path("kamailio");
        assertThat(kamailio.path("restart").asBoolean()).as(kamailio.toString()).isTrue();
        Set<String> added = texts(kamailio.path("listen").path("added"));
        assertThat(added).as(kamailio.toString())
                .contains("listen=udp:127.0.6.13:5060 advertise 203.0.113.13:5060", "listen=tcp:127.0.6.13:5060 advertise 203.0.113.13:5060");
        assertThat(texts(kamailio.path("listen").path("removed"))).isEmpty();

        assertThat(platform.projector.send("GET", "/api/addresses?ipPrefix=127.0.6.13", god, null).json().toString())
                .as("no such address in the read model").doesNotContain("127.0.6.13");
        assertThat(listenLinesOf("127.0.6.13")).as("the listener files untouched").isEmpty();

        Response created = platform.addresses.send("POST", "/api/addresses", god, body);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.headers().get("x-event-position").get(0)).as("numbered as the previewed event")
                .endsWith(":" + answer.path("events").get(0).path("sequence").asLong());
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                assertThat(listenLinesOf("127.0.6.13")).isEqualTo(added));
    }

    @Test
    void aRemovalWithAFallbackIsPreviewedWholeThenDoneAsPreviewed() throws Exception {
        String old = platform.addAddress("dry-run old", "127.0.6.14");
        String fallback = platform.addAddress("dry-run fallback", "127.0.6.15");
        assertThat(platform.defineBrand(god, "dr-rm", old, fallback).status()).isEqualTo(200);
        assertThat(platform.setProvider(god, "dr-rm", "carriers", "dr-rm-c1", old).status()).isEqualTo(200);
        assertThat(platform.setProvider(god, "dr-rm", "ddi-providers", "dr-rm-d1", old).status()).isEqualTo(200);
        awaitProviderSocket("dr-rm-c1", "udp:127.0.6.14:5060");

        Response refusedPreview = platform.addresses.send("DELETE", "/api/addresses/" + old + "?dryRun=true", god, null);
        assertThat(refusedPreview.status()).as(refusedPreview.toString()).isEqualTo(409);
        JsonNode reasons = refusedPreview.json().path("reasons");

        Response preview = platform.addresses.send("DELETE", "/api/addresses/" + old + "?dryRun=true&moveProvidersTo=" + fallback, god, null);
        assertThat(preview.status()).as(preview.toString()).isEqualTo(200);
        JsonNode answer = preview.json();
        List<String> types = types(answer);
        assertThat(types.get(0)).isEqualTo("AddressRetirementStartedEvent");
        assertThat(types.get(types.size() - 1)).isEqualTo("AddressRemovedEvent");
        assertThat(types.stream().filter("ProviderAddressSetEvent"::equals).count()).as(types.toString()).isEqualTo(2);
        JsonNode kamailio = answer.path("kamailio");
        assertThat(kamailio.path("restart").asBoolean()).as(kamailio.toString()).isTrue();
        assertThat(texts(kamailio.path("listen").path("removed"))).as(kamailio.toString())
                .contains("listen=udp:127.0.6.14:5060", "listen=tcp:127.0.6.14:5060");
        assertThat(kamailio.path("tables").toString()).as(kamailio.toString())
                .contains("{\"table\":\"carriers\",\"key\":\"dr-rm-c1\",\"from\":\"udp:127.0.6.14:5060\",\"to\":\"udp:127.0.6.15:5060\"}")
                .contains("{\"table\":\"ddi_providers\",\"key\":\"dr-rm-d1\",\"from\":\"udp:127.0.6.14:5060\",\"to\":\"udp:127.0.6.15:5060\"}");

        assertThat(platform.addresses.send("GET", "/api/addresses/" + old + "/removal", god, null).json().path("status").asText())
                .as("no removal started by the previews").isEqualTo("NOT_REQUESTED");
        assertThat(platform.addresses.send("PATCH", "/api/addresses/" + old, god, "{\"name\":\"dry-run old still\"}").status())
                .as("the address is still ACTIVE and changeable").isEqualTo(200);

        Response refused = platform.removeAddress(old);
        assertThat(refused.status()).as("the real removal is refused as previewed: " + refused).isEqualTo(409);
        assertThat(refused.json().path("reasons")).as("the same reasons").isEqualTo(reasons);

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                assertThat(listenLinesOf("127.0.6.14")).as("the lines the preview would remove are all the address's")
                        .isEqualTo(texts(kamailio.path("listen").path("removed"))));
        Response removed = platform.removeAddress(old, fallback);
        assertThat(removed.status()).as(removed.toString()).isEqualTo(204);
        awaitProviderSocket("dr-rm-c1", "udp:127.0.6.15:5060");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                assertThat(listenLinesOf("127.0.6.14")).isEmpty());
    }

    @Test
    void aPreviewIsRefusedAsTheRealCommandIs() {
        String address = platform.addAddress("dry-run refusals", "127.0.6.16");
        assertThat(platform.defineBrand(god, "dr-own", address).status()).isEqualTo(200);
        assertThat(platform.defineBrand(god, "dr-other", address).status()).isEqualTo(200);
        assertThat(platform.setProvider(god, "dr-own", "carriers", "dr-owned", address).status()).isEqualTo(200);

        List<String[]> requests = List.of(
                new String[]{"assignments", Tokens.brandAdmin("dr-other"), "PUT", "/api/brands/dr-own/carriers/dr-x", "{\"addressId\":\"" + address + "\"}"},
                new String[]{"assignments", god, "PUT", "/api/brands/dr-other/carriers/dr-owned", "{\"addressId\":\"" + address + "\"}"},
                new String[]{"assignments", god, "DELETE", "/api/brands/dr-own/addresses/" + address, null},
                new String[]{"assignments", god, "POST", "/api/brands/dr-never/addresses/" + address, null},
                new String[]{"addresses", god, "POST", "/api/addresses", "{\"name\":\"dup\",\"ip\":\"127.0.6.16\"}"},
                new String[]{"addresses", god, "PATCH", "/api/addresses/proxytrunks", "{\"name\":\"renamed\"}"},
                new String[]{"addresses", god, "DELETE", "/api/addresses/proxytrunks", null},
                new String[]{"addresses", Tokens.brandAdmin("dr-own"), "POST", "/api/addresses", "{\"name\":\"x\",\"ip\":\"127.0.6.17\"}"});
        for (String[] request : requests) {
            RunningService service = request[0].equals("addresses") ? platform.addresses : platform.assignments;
            String separator = request[3].contains("?") ? "&" : "?";
            Response previewed = service.send(request[2], request[3] + separator + "dryRun=true", request[1], request[4]);
            Response real = service.send(request[2], request[3], request[1], request[4]);
            String as = String.join(" ", request[2], request[3]) + ": preview " + previewed + ", real " + real;
            assertThat(real.status()).as(as).isBetween(400, 499);
            assertThat(previewed.status()).as(as).isEqualTo(real.status());
            assertThat(previewed.json().path("type").asText()).as(as).isEqualTo(real.json().path("type").asText());
        }
    }

    private static List<String> types(JsonNode preview) {
        List<String> types = new ArrayList<>();
        preview.path("events").forEach(event -> types.add(event.path("type").asText()));
        return types;
    }

    private static Set<String> texts(JsonNode array) {
        Set<String> texts = new TreeSet<>();
        array.forEach(item -> texts.add(item.asText()));
        return texts;
    }

    private List<ConsumerRecord<String, String>> recordsOf(String topic, String key) {
        return TopicReader.readToEnd(SharedTestStack.get().kafka().bootstrapServers(), topic, r -> key.equals(r.key()), Duration.ofSeconds(30));
    }

    /** The sequence of the last event a command's answer names ({@code X-Event-Position: <aggregate>:<sequence>}). */
    private static long sequenceOf(Response answer) {
        String position = answer.headers().get("x-event-position").get(0);
        return Long.parseLong(position.substring(position.lastIndexOf(':') + 1));
    }

    private static long sequenceOf(ConsumerRecord<String, String> record) {
        return TopicReader.longHeader(record, "axon-message-aggregate-seq");
    }

    /** The record of event {@code sequence} of {@code key}, once the publisher has put it on the topic. */
    private ConsumerRecord<String, String> awaitRecord(String topic, String key, long sequence) {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(
                () -> recordsOf(topic, key).stream().filter(r -> sequenceOf(r) == sequence).findFirst().orElse(null), r -> r != null);
    }

    private String providerSocket(String carrier) {
        return sync.send("GET", "/api/status", god, null).json().path("providerSockets").path("carriers").path(carrier).asText(null);
    }

    private void awaitProviderSocket(String carrier, String socket) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                assertThat(providerSocket(carrier)).as(carrier).isEqualTo(socket));
    }

    /** The listen lines of the sync service's two listener files for {@code ip}. */
    private Set<String> listenLinesOf(String ip) throws Exception {
        Set<String> lines = new TreeSet<>();
        for (String file : List.of("main_address.cfg", "additional_addresses.cfg")) {
            Path path = syncFiles.resolve("proxytrunks").resolve(file);
            if (Files.exists(path)) {
                lines.addAll(Files.readAllLines(path).stream().map(String::strip).filter(l -> l.startsWith("listen=") && l.contains(":" + ip + ":"))
                        .collect(Collectors.toSet()));
            }
        }
        return lines;
    }
}
