package org.proxytrunks.kamailiosync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.proxytrunks.embedded.SharedTestStack;
import org.proxytrunks.events.AddressId;
import org.proxytrunks.events.AddressName;
import org.proxytrunks.events.BrandId;
import org.proxytrunks.events.IpLiteral;
import org.proxytrunks.events.ProviderId;
import org.proxytrunks.events.ProviderKind;
import org.proxytrunks.events.Topics;
import org.proxytrunks.events.address.AddressAddedEvent;
import org.proxytrunks.events.address.AddressRemovedEvent;
import org.proxytrunks.events.address.AddressRenamedEvent;
import org.proxytrunks.events.assignment.ProviderAddressSetEvent;
import org.proxytrunks.testing.EventWriter;
import org.proxytrunks.testing.RunningService;
import org.proxytrunks.testing.Tokens;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /api/preview} over a real socket, against a desired state folded from events on
 * the shared broker (without a Kamailio: nothing here needs one). The shared topics hold other
 * tests' events too, so this test's addresses, IPs and providers are its own, and of the
 * unbindable addresses only its own are looked at.
 */
class PreviewIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final BrandId BRAND = new BrandId("preview-" + RUN);
    private static final AddressId A = new AddressId("pv-" + RUN + "-a");
    private static final AddressId B = new AddressId("pv-" + RUN + "-b");
    private static final AddressId FAR = new AddressId("pv-" + RUN + "-far");
    private static final String NET = "127." + ThreadLocalRandom.current().nextInt(1, 255) + "." + ThreadLocalRandom.current().nextInt(1, 255);
    private static final IpLiteral IP_A = IpLiteral.parse(NET + ".1");
    private static final IpLiteral IP_B = IpLiteral.parse(NET + ".2");
    private static final IpLiteral IP_FAR = IpLiteral.parse("2001:db8:" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1, 0xffff)) + "::1");
    private static final String CARRIER = "pv" + RUN + "c1";
    private static final String DDI = "pv" + RUN + "d1";
    private static final String NEW_DDI = "pv" + RUN + "d2";

    private static RunningService service;

    @BeforeAll
    static void start() throws InterruptedException {
        SharedTestStack stack = SharedTestStack.get();
        try (EventWriter events = new EventWriter(stack.kafka().bootstrapServers())) {
            events.publish(Topics.ADDRESSES, A.value(), 0, new AddressAddedEvent(A, new AddressName("preview a " + RUN), IP_A, null, false));
            events.publish(Topics.ASSIGNMENTS, BRAND.value(), 0, providerSet(ProviderKind.CARRIER, CARRIER, A, null));
            events.publish(Topics.ASSIGNMENTS, BRAND.value(), 1, providerSet(ProviderKind.DDI_PROVIDER, DDI, A, null));
        }
        Map<String, Object> properties = RunningService.wiredTo(stack, stack.mongo().connectionString(), "sync-preview-" + RUN);
        properties.put("proxytrunks.kamailio.config-directory", stack.directory().resolve("sync-preview-" + RUN + "/proxytrunks").toString());
        properties.put("proxytrunks.kamailio.tables-directory", stack.directory().resolve("sync-preview-" + RUN + "/tables").toString());
        properties.put("proxytrunks.kamailio.rpc-url", "http://127.0.0.1:" + SharedTestStack.freePort() + "/RPC2");
        service = RunningService.start(KamailioSyncServiceApplication.application(), properties);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!providerSockets().path("ddi_providers").has(DDI) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(providerSockets().path("ddi_providers").path(DDI).asText()).as("this test's events folded").isEqualTo(socket(IP_A));
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    private static ProviderAddressSetEvent providerSet(ProviderKind kind, String provider, AddressId address, AddressId previous) {
        return new ProviderAddressSetEvent(BRAND, kind, new ProviderId(provider), address, previous);
    }

    private static JsonNode providerSockets() {
        return service.send("GET", "/api/status", Tokens.god(), null).json().path("providerSockets");
    }

    private static String socket(IpLiteral ip) {
        return "udp:" + ip.sipHost() + ":5060";
    }

    /** The body a command service sends: each event's simple type name and its payload as published. */
    private static String body(Object... events) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode list = body.putArray("events");
        for (Object event : events) {
            list.addObject().put("type", event.getClass().getSimpleName()).set("payload", JSON.valueToTree(event));
        }
        return body.toString();
    }

    private static String removalOfAWithItsProvidersMoved() {
        return body(new AddressAddedEvent(B, new AddressName("preview b " + RUN), IP_B, IpLiteral.parse("203.0.113.77"), false),
                providerSet(ProviderKind.CARRIER, CARRIER, B, A),
                new AddressRemovedEvent(A, IP_A),
                providerSet(ProviderKind.DDI_PROVIDER, NEW_DDI, B, null),
                new AddressAddedEvent(FAR, new AddressName("preview far " + RUN), IP_FAR, null, false));
    }

    private static JsonNode expectedEffect() throws Exception {
        String b = IP_B.value();
        String a = IP_A.value();
        return JSON.readTree("""
                {"listen": {"added": ["listen=tcp:%1$s:5060 advertise 203.0.113.77:5060", "listen=udp:%1$s:5060 advertise 203.0.113.77:5060"],
                            "removed": ["listen=tcp:%2$s:5060", "listen=udp:%2$s:5060"]},
                 "restart": true,
                 "unbindable": ["%3$s %4$s"],
                 "tables": [{"table": "carriers", "key": "%5$s", "from": "udp:%2$s:5060", "to": "udp:%1$s:5060"},
                            {"table": "ddi_providers", "key": "%6$s", "from": "udp:%2$s:5060", "to": null},
                            {"table": "ddi_providers", "key": "%7$s", "from": null, "to": "udp:%1$s:5060"}]}
                """.formatted(b, a, FAR.value(), IP_FAR.value(), CARRIER, DDI, NEW_DDI));
    }

    /** The answer, with of the unbindable addresses only this test's own. */
    private static JsonNode ownEffect(RunningService.Response answer) {
        ObjectNode effect = (ObjectNode) answer.json();
        ArrayNode own = JSON.createArrayNode();
        StreamSupport.stream(effect.path("unbindable").spliterator(), false)
                .filter(entry -> entry.asText().startsWith("pv-" + RUN + "-")).forEach(own::add);
        effect.set("unbindable", own);
        return effect;
    }

    private static List<String> blamed(RunningService.Response answer) {
        assertThat(answer.contentType()).startsWith("application/problem+json");
        return StreamSupport.stream(answer.json().path("errors").spliterator(), false).map(e -> e.path("field").asText()).toList();
    }

    @Test
    void aPreviewAnswersWhatTheEventsWouldChangeAndChangesNothing() throws Exception {
        RunningService.Response answer = service.send("POST", "/api/preview", Tokens.service(), removalOfAWithItsProvidersMoved());
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(ownEffect(answer)).isEqualTo(expectedEffect());

        JsonNode sockets = providerSockets();
        assertThat(sockets.path("carriers").path(CARRIER).asText()).as("the live state is as it was").isEqualTo(socket(IP_A));
        assertThat(sockets.path("ddi_providers").path(DDI).asText()).isEqualTo(socket(IP_A));
        assertThat(sockets.path("ddi_providers").has(NEW_DDI)).isFalse();
        assertThat(service.send("POST", "/api/preview", Tokens.god(), removalOfAWithItsProvidersMoved()).json())
                .as("previewed again, from the same state").isEqualTo(answer.json());
    }

    /**
     * God and the services may preview; a brand admin may not: events posted here are not checked
     * against provider ownership (the command services check that), so a made-up event would show
     * another brand's provider and its socket.
     */
    @Test
    void godAndTheServicesMayPreviewButNotABrandAdminNorAnyoneWithoutAToken() {
        String body = body(new AddressRenamedEvent(A, new AddressName("renamed " + RUN)));
        for (String token : List.of(Tokens.god(), Tokens.service())) {
            RunningService.Response answer = service.send("POST", "/api/preview", token, body);
            assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
            assertThat(answer.json().path("restart").asBoolean(true)).isFalse();
            assertThat(answer.json().path("tables").isEmpty()).isTrue();
        }
        String asADryRunListsIt = "{\"events\": [{\"type\": \"AddressRenamedEvent\", \"aggregate\": \"" + A.value()
                + "\", \"sequence\": 3, \"payload\": {\"addressId\": \"" + A.value() + "\", \"name\": \"renamed\"}}]}";
        assertThat(service.send("POST", "/api/preview", Tokens.god(), asADryRunListsIt).status()).isEqualTo(200);
        RunningService.Response brandAdmin = service.send("POST", "/api/preview", Tokens.brandAdmin("b1"), body);
        assertThat(brandAdmin.status()).as(brandAdmin.toString()).isEqualTo(403);
        assertThat(brandAdmin.contentType()).startsWith("application/problem+json");
        RunningService.Response anonymous = service.send("POST", "/api/preview", null, body);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.contentType()).startsWith("application/problem+json");
    }

    @Test
    void eachBadEventIsNamed() {
        String body = """
                {"events": [
                  {"type": "java.lang.ProcessBuilder", "payload": {"command": ["true"]}},
                  {"type": "AddressAddedEvent", "payload": {"addressId": "x", "name": "x", "ip": "not-an-ip", "main": false}},
                  {"type": "AddressRemovedEvent", "payload": {"addressId": "x"}},
                  {"type": "AddressEvent", "payload": {"addressId": "x"}},
                  {"type": "AddressRenamedEvent"},
                  {"type": "AddressRenamedEvent", "payload": {"addressId": "x", "name": "fine"}}
                ]}""";
        RunningService.Response answer = service.send("POST", "/api/preview", Tokens.god(), body);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
        assertThat(blamed(answer)).containsExactly("events[0].type", "events[1].payload", "events[2].payload", "events[3].type",
                "events[4].payload");
        assertThat(answer.json().path("errors").get(1).path("message").asText()).contains("ip: ", "not-an-ip");
        assertThat(answer.json().path("errors").get(2).path("message").asText()).contains("'ip' is required");
        assertThat(answer.body()).doesNotContain("org.proxytrunks", "java.lang.NullPointerException");
    }

    @Test
    void aMissingOrMalformedListOfEventsIsNamed() {
        assertThat(blamed(service.send("POST", "/api/preview", Tokens.god(), null))).containsExactly("events");
        assertThat(blamed(service.send("POST", "/api/preview", Tokens.god(), "{}"))).containsExactly("events");
        assertThat(blamed(service.send("POST", "/api/preview", Tokens.god(), "{\"events\": \"all\"}"))).containsExactly("events");
        assertThat(blamed(service.send("POST", "/api/preview", Tokens.god(), "{\"events\": [null]}"))).containsExactly("events[0]");
        assertThat(blamed(service.send("POST", "/api/preview", Tokens.god(), "{\"events\": [{\"type\": 7, \"payload\": {}}]}")))
                .containsExactly("events[0].type");
        assertThat(blamed(service.send("POST", "/api/preview", Tokens.god(), "{\"events\": [{\"type\": \"AddressRenamedEvent\", \"payload\": 1}]}")))
                .containsExactly("events[0].payload");
        assertThat(blamed(service.send("POST", "/api/preview", Tokens.god(),
                "{\"events\": [{\"type\": \"AddressRenamedEvent\", \"payload\": {}, \"brand\": \"b1\"}]}"))).containsExactly("events[0].brand");
        RunningService.Response empty = service.send("POST", "/api/preview", Tokens.god(), "{\"events\": []}");
        assertThat(empty.status()).as("a command that would publish nothing").isEqualTo(200);
        assertThat(empty.json().path("restart").asBoolean(true)).isFalse();
    }

    @Test
    void aPreviewTakesManyEventsButNotTooMany() {
        String renamed = "{\"type\": \"AddressRenamedEvent\", \"payload\": {\"addressId\": \"" + A.value() + "\", \"name\": \"renamed\"}}";
        String most = "{\"events\": [" + String.join(",", Collections.nCopies(10_000, renamed)) + "]}";
        assertThat(most.length()).as("far over the usual body limit").isGreaterThan(500_000);
        assertThat(service.send("POST", "/api/preview", Tokens.god(), most).status()).isEqualTo(200);

        String tooMany = "{\"events\": [" + String.join(",", Collections.nCopies(10_001, renamed)) + "]}";
        RunningService.Response refused = service.send("POST", "/api/preview", Tokens.god(), tooMany);
        assertThat(blamed(refused)).containsExactly("events");
        assertThat(refused.json().path("errors").get(0).path("message").asText()).contains("at most 10000");
    }

    @Test
    void beforeTheDesiredStateHasCaughtUpAPreviewIsRefused() {
        SharedTestStack stack = SharedTestStack.get();
        Map<String, Object> properties = RunningService.wiredTo(stack, stack.mongo().connectionString(), "sync-preview-early-" + RUN);
        properties.put("proxytrunks.kamailio.kafka-bootstrap", "127.0.0.1:" + SharedTestStack.freePort());
        properties.put("proxytrunks.kamailio.config-directory", stack.directory().resolve("sync-preview-early-" + RUN + "/proxytrunks").toString());
        properties.put("proxytrunks.kamailio.tables-directory", stack.directory().resolve("sync-preview-early-" + RUN + "/tables").toString());
        try (RunningService early = RunningService.start(KamailioSyncServiceApplication.application(), properties)) {
            RunningService.Response answer = early.send("POST", "/api/preview", Tokens.god(), "{\"events\": []}");
            assertThat(answer.status()).as(answer.toString()).isEqualTo(503);
            assertThat(answer.contentType()).startsWith("application/problem+json");
            assertThat(answer.headers().get("retry-after")).containsExactly("5");
            assertThat(blamed(early.send("POST", "/api/preview", Tokens.god(), "{}"))).as("a bad request is still named").containsExactly("events");
        }
    }

    @Test
    void theEndpointIsDocumented() {
        JsonNode docs = service.send("GET", "/v3/api-docs", Tokens.god(), null).json();
        JsonNode preview = docs.path("paths").path("/api/preview").path("post");
        assertThat(preview.path("tags").toString()).contains("preview");
        assertThat(preview.path("requestBody").toString()).contains("PreviewRequest");
        assertThat(docs.path("components").path("schemas").path("PreviewEffect").path("properties").has("tables")).isTrue();
        assertThat(docs.path("components").path("schemas").path("PreviewRequest").path("properties").path("events").path("maxItems").asInt())
                .isEqualTo(10_000);
    }

    @Test
    void everyOtherEndpointKeepsTheUsualBodyLimit() {
        String large = "{\"padding\": \"" + "x".repeat(20_000) + "\"}";
        assertThat(service.send("POST", "/api/rebuild", Tokens.god(), large).status()).isEqualTo(413);
        assertThat(service.send("GET", "/api/status", Tokens.god(), large).status()).isEqualTo(413);
    }
}
