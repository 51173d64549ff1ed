package org.proxytrunks.address.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.proxytrunks.address.AddressServiceApplication;
import org.proxytrunks.embedded.SharedTestStack;
import org.proxytrunks.events.EventSchemas;
import org.proxytrunks.events.Topics;
import org.proxytrunks.events.address.AddressAddedEvent;
import org.proxytrunks.events.address.AddressIpChangedEvent;
import org.proxytrunks.events.address.AddressRenamedEvent;
import org.proxytrunks.events.address.AddressRetirementStartedEvent;
import org.proxytrunks.testing.RunningService;
import org.proxytrunks.testing.RunningService.Response;
import org.proxytrunks.testing.Tokens;
import org.proxytrunks.testing.TopicReader;

import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The address service over real sockets: real tokens, the embedded Kafka broker and
 * MongoDB-protocol server, and the events read back with a plain Kafka consumer.
 */
class AddressServiceIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static RunningService service;

    @BeforeAll
    static void start() {
        SharedTestStack stack = SharedTestStack.get();
        Map<String, Object> properties = RunningService.wiredTo(stack, stack.mongo().connectionString(), "address-it");
        properties.put("proxytrunks.address.removal-wait", "1s");
        service = RunningService.start(AddressServiceApplication.application(), properties);
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    static Response post(String token, String body) {
        return service.send("POST", "/api/addresses", token, body);
    }

    static String addAddress(String name, String ip) {
        Response created = post(Tokens.god(), "{\"name\":\"" + name + "\",\"ip\":\"" + ip + "\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asText();
    }

    @Test
    void godAddsChangesAndAsksToRemoveAnAddressAndEachEventReachesKafka() throws Exception {
        Response created = post(Tokens.god(), "{\"name\":\"Madrid carriers\",\"ip\":\"127.0.0.12\",\"advertisedIp\":\"203.0.113.12\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode address = created.json();
        String id = address.get("id").asText();
        assertThat(created.headers().get("location")).containsExactly("/api/addresses/" + id);
        assertThat(address.get("ip").asText()).isEqualTo("127.0.0.12");
        assertThat(address.get("advertisedIp").asText()).isEqualTo("203.0.113.12");
        assertThat(address.get("state").asText()).isEqualTo("ACTIVE");

        Response changed = service.send("PATCH", "/api/addresses/" + id, Tokens.god(),
                "{\"name\":\"Madrid\",\"ip\":\"0:0:0:0:0:0:0:1\"}");
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        assertThat(changed.json().get("ip").asText()).as("stored in canonical form").isEqualTo("::1");
        assertThat(changed.json().get("name").asText()).isEqualTo("Madrid");

        Response removal = service.send("DELETE", "/api/addresses/" + id, Tokens.god(), null);
        assertThat(removal.status()).as("no assignment service answers here: " + removal).isEqualTo(202);
        assertThat(removal.headers().get("location")).containsExactly("/api/addresses/" + id + "/removal");
        assertThat(removal.json().get("status").asText()).isEqualTo("PENDING");
        assertThat(service.send("GET", "/api/addresses/" + id + "/removal", Tokens.god(), null).json().get("status").asText())
                .isEqualTo("PENDING");
        assertThat(service.send("PATCH", "/api/addresses/" + id, Tokens.god(), "{\"name\":\"x\"}").status())
                .as("a retiring address cannot change").isEqualTo(409);

        List<ConsumerRecord<String, String>> records = TopicReader.read(SharedTestStack.get().kafka().bootstrapServers(),
                Topics.ADDRESSES, r -> id.equals(r.key()), 4, Duration.ofSeconds(60), Duration.ofSeconds(2));
        assertThat(records).extracting(r -> TopicReader.header(r, "axon-message-type")).containsExactly(
                AddressAddedEvent.class.getName(), AddressRenamedEvent.class.getName(), AddressIpChangedEvent.class.getName(),
                AddressRetirementStartedEvent.class.getName());
        for (ConsumerRecord<String, String> record : records) {
            // revision 2 of the removal's start added its optional fallback
            assertThat(TopicReader.header(record, "axon-message-revision"))
                    .isEqualTo(record == records.get(3) ? "2" : "1");
            assertThat(TopicReader.header(record, "axon-metadata-actorSubject")).isEqualTo("god");
            assertThat(TopicReader.header(record, "axon-metadata-actorRole")).isEqualTo("GOD");
            assertThat(TopicReader.longHeader(record, "axon-message-timestamp")).isPositive();
            Class<?> type = Class.forName(TopicReader.header(record, "axon-message-type"));
            try (InputStream schema = EventSchemas.open(type)) {
                assertThat(JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schema)
                        .validate(JSON.readTree(record.value()))).as(record.value()).isEmpty();
            }
        }
        JsonNode ipChanged = JSON.readTree(records.get(2).value());
        assertThat(ipChanged.get("ip").asText()).isEqualTo("::1");
        assertThat(ipChanged.get("previousIp").asText()).isEqualTo("127.0.0.12");
    }

    /**
     * The fallback a removal names is checked when asked (no assignment service runs here, so a
     * removal stays PENDING and its address RETIRING), and travels in the round's start event.
     */
    @Test
    void aRemovalsFallbackIsCheckedAndTravelsInItsStartEvent() throws Exception {
        String god = Tokens.god();
        String id = addAddress("fallback removed", "127.0.0.31");
        String fallback = addAddress("fallback", "127.0.0.32");
        String retiring = addAddress("fallback retiring", "127.0.0.33");
        assertThat(service.send("DELETE", "/api/addresses/" + retiring, god, null).status()).isEqualTo(202);

        assertFallbackRefused(service.send("DELETE", "/api/addresses/" + id + "?moveProvidersTo=" + id, god, null), 400, "itself");
        assertFallbackRefused(service.send("DELETE", "/api/addresses/" + id + "?moveProvidersTo=Not%20An%20Id", god, null), 400,
                "the id of an address");
        assertFallbackRefused(service.send("DELETE", "/api/addresses/" + id + "?moveProvidersTo=", god, null), 400,
                "the id of an address");
        assertFallbackRefused(service.send("DELETE", "/api/addresses/" + id + "?moveProvidersTo=never-added", god, null), 404,
                "there is no address never-added");
        assertFallbackRefused(service.send("DELETE", "/api/addresses/" + id + "?moveProvidersTo=" + retiring, god, null), 409,
                "is being removed itself");
        assertThat(service.send("PATCH", "/api/addresses/" + id, god, "{\"name\":\"still active\"}").status())
                .as("a refused fallback starts no removal").isEqualTo(200);
        Response main = service.send("DELETE", "/api/addresses/proxytrunks?moveProvidersTo=" + fallback, god, null);
        assertThat(main.status()).as(main.toString()).isEqualTo(409);
        assertThat(main.json().get("detail").asText()).contains("can never be removed");
        assertThat(service.send("DELETE", "/api/addresses/" + id + "?moveProvidersTo=" + fallback, Tokens.brandAdmin("b1"), null)
                .status()).as("God only, as the plain removal").isEqualTo(403);

        Response removal = service.send("DELETE", "/api/addresses/" + id + "?moveProvidersTo=" + fallback, god, null);
        assertThat(removal.status()).as(removal.toString()).isEqualTo(202);
        assertThat(removal.json().get("status").asText()).isEqualTo("PENDING");
        assertThat(service.send("DELETE", "/api/addresses/" + id + "?moveProvidersTo=" + fallback, god, null).status())
                .as("repeated with its own fallback").isEqualTo(202);
        Response other = service.send("DELETE", "/api/addresses/" + id + "?moveProvidersTo=proxytrunks", god, null);
        assertThat(other.status()).as("a round under way keeps the fallback it started with: " + other).isEqualTo(409);
        assertThat(other.json().get("type").asText()).endsWith("address-retiring");

        List<ConsumerRecord<String, String>> started = TopicReader.read(SharedTestStack.get().kafka().bootstrapServers(),
                Topics.ADDRESSES, r -> id.equals(r.key()) && r.value().contains("fallbackAddressId"), 1, Duration.ofSeconds(60),
                Duration.ZERO);
        assertThat(started).hasSize(1);
        assertThat(TopicReader.header(started.get(0), "axon-message-type")).isEqualTo(AddressRetirementStartedEvent.class.getName());
        assertThat(TopicReader.header(started.get(0), "axon-message-revision")).isEqualTo("2");
        assertThat(JSON.readTree(started.get(0).value()).get("fallbackAddressId").asText()).isEqualTo(fallback);
    }

    private static void assertFallbackRefused(Response refused, int status, String detail) {
        assertThat(refused.status()).as(refused.toString()).isEqualTo(status);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.json().get("errors").get(0).get("field").asText()).isEqualTo("moveProvidersTo");
        assertThat(refused.json().get("errors").get(0).get("message").asText()).contains(detail);
    }

    @Test
    void theMainAddressIsRegisteredAtStartAndProtected() {
        List<ConsumerRecord<String, String>> registered = TopicReader.read(SharedTestStack.get().kafka().bootstrapServers(),
                Topics.ADDRESSES, r -> "proxytrunks".equals(r.key()), 1, Duration.ofSeconds(60), Duration.ZERO);
        assertThat(registered).isNotEmpty();
        assertThat(TopicReader.header(registered.get(0), "axon-metadata-actorRole")).isEqualTo("SYSTEM");
        assertThat(registered.get(0).value()).contains("\"main\":true");

        Response remove = service.send("DELETE", "/api/addresses/proxytrunks", Tokens.god(), null);
        assertThat(remove.status()).as(remove.toString()).isEqualTo(409);
        assertThat(remove.contentType()).startsWith("application/problem+json");
        assertThat(remove.json().get("detail").asText()).contains("can never be removed");

        Response rename = service.send("PATCH", "/api/addresses/proxytrunks", Tokens.god(), "{\"name\":\"edge\"}");
        assertThat(rename.status()).isEqualTo(409);

        Response move = service.send("PATCH", "/api/addresses/proxytrunks", Tokens.god(), "{\"ip\":\"127.0.0.1\"}");
        assertThat(move.status()).as(move.toString()).isEqualTo(200);
        assertThat(move.json().get("main").asBoolean()).isTrue();
    }

    @Test
    void aSecondAddressWithTheSameIpIsRefusedNamingTheFirst() {
        String first = addAddress("first", "127.0.0.21");
        Response duplicate = post(Tokens.god(), "{\"name\":\"second\",\"ip\":\"127.0.0.21\"}");
        assertThat(duplicate.status()).as(duplicate.toString()).isEqualTo(409);
        assertThat(duplicate.json().get("detail").asText()).contains("first").contains(first);
        assertThat(duplicate.json().get("existingAddressId").asText()).isEqualTo(first);

        String other = addAddress("other", "127.0.0.22");
        Response moveOnto = service.send("PATCH", "/api/addresses/" + other, Tokens.god(), "{\"ip\":\"127.0.0.21\"}");
        assertThat(moveOnto.status()).as(moveOnto.toString()).isEqualTo(409);

        assertThat(service.send("PATCH", "/api/addresses/" + first, Tokens.god(), "{\"ip\":\"127.0.0.23\"}").status()).isEqualTo(200);
        assertThat(service.send("PATCH", "/api/addresses/" + other, Tokens.god(), "{\"ip\":\"127.0.0.21\"}").status())
                .as("the IP was let go when its address moved").isEqualTo(200);
        assertThat(service.send("PATCH", "/api/addresses/" + other, Tokens.god(), "{\"ip\":\"127.0.0.24\"}").status()).isEqualTo(200);
        addAddress("third", "127.0.0.21");
    }

    @Test
    void everyEndpointButHealthNeedsAToken() {
        assertThat(service.send("GET", "/actuator/health", null, null).status()).isEqualTo(200);
        for (String[] call : new String[][] {{"POST", "/api/addresses"}, {"PATCH", "/api/addresses/x"},
                {"DELETE", "/api/addresses/x"}, {"GET", "/api/addresses/x/removal"}, {"GET", "/v3/api-docs"}, {"GET", "/actuator/prometheus"}}) {
            Response response = service.send(call[0], call[1], null, call[0].equals("PATCH") || call[0].equals("POST") ? "{}" : null);
            assertThat(response.status()).as(call[0] + " " + call[1]).isEqualTo(401);
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.headers().get("www-authenticate")).isNotEmpty();
        }
        assertThat(service.send("GET", "/v3/api-docs", Tokens.service(), null).status()).isEqualTo(200);
        assertThat(service.send("GET", "/actuator/prometheus", Tokens.service(), null).body()).contains("jvm_memory");
    }

    @Test
    void onlyGodWritesAddresses() {
        String body = "{\"name\":\"x\",\"ip\":\"127.0.0.31\"}";
        for (String token : List.of(Tokens.brandAdmin("b1"), Tokens.service())) {
            Response response = post(token, body);
            assertThat(response.status()).isEqualTo(403);
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(service.send("DELETE", "/api/addresses/proxytrunks", token, null).status()).isEqualTo(403);
            assertThat(service.send("PATCH", "/api/addresses/proxytrunks", token, "{\"ip\":\"127.0.0.9\"}").status()).isEqualTo(403);
        }
    }

    @Test
    void invalidTokensAreRefused() {
        String body = "{\"name\":\"x\",\"ip\":\"127.0.0.32\"}";
        assertThat(post(Tokens.expiredGod(), body).status()).isEqualTo(401);
        assertThat(post("not-a-jwt", body).status()).isEqualTo(401);
        assertThat(post(Tokens.custom("someone", "ROOT", null), body).status()).as("unknown role").isEqualTo(401);
        assertThat(post(Tokens.custom("someone", "BRAND_ADMIN", null), body).status()).as("brand admin without brand").isEqualTo(401);
        String god = Tokens.god();
        String tampered = god.substring(0, god.lastIndexOf('.') + 1) + "AAAA" + god.substring(god.lastIndexOf('.') + 5);
        assertThat(post(tampered, body).status()).isEqualTo(401);
    }
}
