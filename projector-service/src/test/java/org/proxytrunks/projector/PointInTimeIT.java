package org.proxytrunks.projector;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import org.bson.Document;
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
import org.proxytrunks.events.address.AddressIpChangedEvent;
import org.proxytrunks.events.assignment.BrandAddressAssignedEvent;
import org.proxytrunks.events.assignment.BrandAddressUnassignedEvent;
import org.proxytrunks.events.assignment.BrandRegisteredEvent;
import org.proxytrunks.events.assignment.ProviderAddressSetEvent;
import org.proxytrunks.events.assignment.UnassignmentReason;
import org.proxytrunks.testing.EventWriter;
import org.proxytrunks.testing.RunningService;
import org.proxytrunks.testing.RunningService.Response;
import org.proxytrunks.testing.Tokens;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Queries at an instant ({@code at=}): carrier c1 of brand 1 is on address X, moves to Y at T1
 * and to Z at T2; then X's IP changes, and brand 2 trades X for Y. Every query asked at an
 * instant before T1 ({@code before}), between ({@code between}) and after T2 ({@code after})
 * answers as things were then, also after a replay rebuilt the read models.
 */
class PointInTimeIT {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String DATABASE = "projector-point-in-time-" + RUN;
    private static final String X = "pit-x-" + RUN;
    private static final String Y = "pit-y-" + RUN;
    private static final String Z = "pit-z-" + RUN;
    private static final String B1 = "pit1-" + RUN;
    private static final String B2 = "pit2-" + RUN;

    private static RunningService projector;
    private static Instant beforeAll;
    private static Instant before;
    private static Instant between;
    private static Instant after;
    private final String god = Tokens.god();

    @BeforeAll
    static void start() {
        SharedTestStack stack = SharedTestStack.get();
        projector = RunningService.start(ProjectorServiceApplication.application(),
                RunningService.wiredTo(stack, stack.mongo().connectionString(), DATABASE));
        BrandId b1 = new BrandId(B1);
        BrandId b2 = new BrandId(B2);
        ProviderId c1 = new ProviderId("c1");
        try (EventWriter writer = new EventWriter(stack.kafka().bootstrapServers())) {
            beforeAll = instant();
            writer.publish(Topics.ADDRESSES, X, 0, new AddressAddedEvent(new AddressId(X), new AddressName("pit " + RUN + " x"),
                    IpLiteral.parse("127.67.0.1"), null, false));
            writer.publish(Topics.ADDRESSES, Y, 0, new AddressAddedEvent(new AddressId(Y), new AddressName("pit " + RUN + " y"),
                    IpLiteral.parse("127.67.0.2"), null, false));
            writer.publish(Topics.ADDRESSES, Z, 0, new AddressAddedEvent(new AddressId(Z), new AddressName("pit " + RUN + " z"),
                    IpLiteral.parse("127.67.0.3"), null, false));
            writer.publish(Topics.ASSIGNMENTS, "brand:" + B1, 0, new BrandRegisteredEvent(b1, List.of(new AddressId(X))));
            writer.publish(Topics.ASSIGNMENTS, "brand:" + B1, 1, new BrandAddressAssignedEvent(b1, new AddressId(Y)));
            writer.publish(Topics.ASSIGNMENTS, "brand:" + B1, 2, new BrandAddressAssignedEvent(b1, new AddressId(Z)));
            writer.publish(Topics.ASSIGNMENTS, "brand:" + B1, 3, new ProviderAddressSetEvent(b1, ProviderKind.CARRIER, c1,
                    new AddressId(X), null));
            writer.publish(Topics.ASSIGNMENTS, "brand:" + B2, 0, new BrandRegisteredEvent(b2, List.of(new AddressId(X))));
            reached(Z + ":0", "brand:" + B1 + ":3", "brand:" + B2 + ":0");
            before = instant();

            writer.publish(Topics.ASSIGNMENTS, "brand:" + B1, 4, new ProviderAddressSetEvent(b1, ProviderKind.CARRIER, c1,
                    new AddressId(Y), new AddressId(X)));
            reached("brand:" + B1 + ":4");
            between = instant();

            writer.publish(Topics.ASSIGNMENTS, "brand:" + B1, 5, new ProviderAddressSetEvent(b1, ProviderKind.CARRIER, c1,
                    new AddressId(Z), new AddressId(Y)));
            reached("brand:" + B1 + ":5");
            after = instant();

            writer.publish(Topics.ADDRESSES, X, 1, new AddressIpChangedEvent(new AddressId(X), IpLiteral.parse("127.67.0.9"),
                    IpLiteral.parse("127.67.0.1")));
            writer.publish(Topics.ASSIGNMENTS, "brand:" + B2, 1, new BrandAddressAssignedEvent(b2, new AddressId(Y)));
            writer.publish(Topics.ASSIGNMENTS, "brand:" + B2, 2, new BrandAddressUnassignedEvent(b2, new AddressId(X),
                    UnassignmentReason.UNASSIGNED));
            reached(X + ":1", "brand:" + B2 + ":2");
        }
    }

    /** Now, a little after the last event and a little before the next one, so that the two never share a millisecond. */
    private static Instant instant() {
        pause();
        Instant now = Instant.now();
        pause();
        return now;
    }

    private static void pause() {
        try {
            Thread.sleep(25);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void reached(String... positions) {
        for (String position : positions) {
            Response reached = projector.send("GET", "/api/audit?size=1&waitFor=" + position, Tokens.god(), null);
            assertThat(reached.status()).as(position + ": " + reached).isEqualTo(200);
        }
    }

    @AfterAll
    static void stop() {
        projector.close();
    }

    private JsonNode ok(String path, String token) {
        Response response = projector.send("GET", path, token, null);
        assertThat(response.status()).as(path + ": " + response).isEqualTo(200);
        return response.json();
    }

    private void assertRefused(String path, String token, int status, String field) {
        Response refused = projector.send("GET", path, token, null);
        assertThat(refused.status()).as(path + ": " + refused).isEqualTo(status);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        if (field != null) {
            assertThat(refused.json().get("errors").findValuesAsText("field")).as(path).containsExactly(field);
        }
    }

    private static String at(Instant instant) {
        return "at=" + instant;
    }

    @Test
    void theCarrierAndItsSocketAsTheyWereAtEachInstant() {
        assertCarrierMoves();
    }

    private void assertCarrierMoves() {
        String carrier = "/api/brands/" + B1 + "/carriers/c1?";
        assertThat(ok(carrier + at(before), god).at("/sockets/udp").asText()).as("on X, with X's IP then").isEqualTo("udp:127.67.0.1:5060");
        assertThat(ok(carrier + at(before), god).at("/address/id").asText()).isEqualTo(X);
        assertThat(ok(carrier + at(between), god).at("/sockets/udp").asText()).isEqualTo("udp:127.67.0.2:5060");
        assertThat(ok(carrier + at(after), god).at("/sockets/tls").asText()).isEqualTo("tls:127.67.0.3:5061");
        assertThat(ok(carrier, god).at("/address/id").asText()).isEqualTo(Z);
        assertThat(ok(carrier + "at=2999-01-01T00:00:00Z", god).at("/address/id").asText()).as("the future is now").isEqualTo(Z);
        assertRefused(carrier + at(beforeAll), god, 404, null);

        assertThat(ok("/api/addresses/" + X + "?" + at(before), god).get("ip").asText()).isEqualTo("127.67.0.1");
        assertThat(ok("/api/addresses/" + X, god).get("ip").asText()).isEqualTo("127.67.0.9");
        assertThat(ok("/api/addresses/" + Y + "/providers?" + at(between), god).findValuesAsText("providerId")).containsExactly("c1");
        assertThat(ok("/api/addresses/" + Y + "/providers?" + at(after), god).get("total").asLong()).isZero();
        assertThat(ok("/api/addresses/" + X + "/brands?" + at(after), god).get("items").toString())
                .isEqualTo("[\"" + B1 + "\",\"" + B2 + "\"]");
        assertThat(ok("/api/addresses/" + X + "/brands", god).get("items").toString()).isEqualTo("[\"" + B1 + "\"]");
        assertRefused("/api/addresses/" + X + "?" + at(beforeAll), god, 404, null);

        JsonNode brand = ok("/api/brands/" + B1 + "?" + at(between), god);
        assertThat(brand.get("carriers").toString()).isEqualTo("[{\"providerId\":\"c1\",\"addressId\":\"" + Y + "\"}]");
        assertThat(brand.get("addresses").findValuesAsText("ip")).containsExactly("127.67.0.1", "127.67.0.2", "127.67.0.3");
        assertRefused("/api/brands/" + B1 + "?" + at(beforeAll), god, 404, null);
        assertThat(ok("/api/brands?id=" + RUN + "&" + at(between), god).get("items").toString()).isEqualTo("["
                + "{\"brandId\":\"" + B1 + "\",\"state\":\"REGISTERED\",\"addresses\":3,\"carriers\":1,\"ddiProviders\":0},"
                + "{\"brandId\":\"" + B2 + "\",\"state\":\"REGISTERED\",\"addresses\":1,\"carriers\":0,\"ddiProviders\":0}]");
        assertThat(ok("/api/brands?id=" + RUN + "&" + at(beforeAll), god).get("total").asLong()).isZero();
    }

    @Test
    void theAddressListAtAnInstantWithItsFiltersAndUsage() {
        String list = "/api/addresses?name=pit%20" + RUN + "&";
        JsonNode atBetween = ok(list + at(between), god);
        assertThat(atBetween.get("total").asLong()).isEqualTo(3);
        assertThat(atBetween.findValuesAsText("id")).containsExactly(X, Y, Z);
        assertThat(atBetween.findValues("usage").toString()).isEqualTo("[{\"brands\":2,\"carriers\":0,\"ddiProviders\":0}, "
                + "{\"brands\":1,\"carriers\":1,\"ddiProviders\":0}, {\"brands\":1,\"carriers\":0,\"ddiProviders\":0}]");
        assertThat(ok(list + "ipPrefix=127.67.0.1&" + at(before), god).findValuesAsText("id")).containsExactly(X);
        assertThat(ok(list + "ipPrefix=127.67.0.1&" + at(after), god).findValuesAsText("id")).containsExactly(X);
        assertThat(ok(list + "ipPrefix=127.67.0.1", god).get("total").asLong()).as("X has moved to .9 since").isZero();
        assertThat(ok(list + "brand=" + B2 + "&" + at(after), god).findValuesAsText("id")).containsExactly(X);
        assertThat(ok(list + "brand=" + B2, god).findValuesAsText("id")).containsExactly(Y);
        assertThat(ok(list + "size=2&page=1&" + at(between), god).findValuesAsText("id")).containsExactly(Z);
        for (String longAgo : List.of(at(beforeAll), "at=1970-01-01T00:00:00Z", "at=" + Instant.MIN)) {
            JsonNode empty = ok(list + longAgo, god);
            assertThat(empty.get("total").asLong()).as(longAgo).isZero();
            assertThat(empty.get("items")).isEmpty();
        }
    }

    @Test
    void aBrandAdminSeesWhatItsBrandHadThenAndNothingElse() {
        String admin = Tokens.brandAdmin(B2);
        assertRefused("/api/addresses/" + X, admin, 404, null);
        JsonNode then = ok("/api/addresses/" + X + "?" + at(after), admin);
        assertThat(then.get("brands").toString()).as("its own brand only").isEqualTo("[\"" + B2 + "\"]");
        assertThat(ok("/api/addresses/" + X + "/brands?" + at(after), admin).get("items").toString()).isEqualTo("[\"" + B2 + "\"]");
        assertRefused("/api/addresses/" + Y + "?" + at(after), admin, 404, null);
        assertRefused("/api/addresses/" + Y + "/providers?" + at(between), admin, 404, null);
        assertThat(ok("/api/addresses?name=pit%20" + RUN + "&" + at(after), admin).findValuesAsText("id")).containsExactly(X);

        assertRefused("/api/brands/" + B1 + "/carriers/c1?" + at(between), admin, 403, null);
        assertRefused("/api/brands/" + B1 + "?" + at(between), admin, 403, null);
        assertRefused("/api/addresses?brand=" + B1 + "&" + at(between), admin, 403, null);
        assertThat(ok("/api/brands?" + at(between), admin).findValuesAsText("brandId")).containsExactly(B2);
    }

    @Test
    void aMalformedInstantIsRefusedNamingAt() {
        for (String path : List.of("/api/addresses?at=yesterday", "/api/addresses/" + X + "?at=2026-01-01",
                "/api/addresses/" + X + "/brands?at=2026-13-01T00:00:00Z", "/api/addresses/" + X + "/providers?at=",
                "/api/brands?at=1700000000", "/api/brands/" + B1 + "?at=2026-01-01T00:00:00",
                "/api/brands/" + B1 + "/carriers/c1?at=now", "/api/brands/" + B1 + "/ddi-providers/d1?at=%00")) {
            assertRefused(path, god, 400, "at");
        }
        Response live = projector.send("GET", "/api/changes?" + at(between), god, null);
        assertThat(live.status()).as("the change stream is live only").isEqualTo(400);
    }

    @Test
    void atWithWaitForWaitsThenReadsThePast() {
        JsonNode carrier = ok("/api/brands/" + B1 + "/carriers/c1?waitFor=brand:" + B1 + ":5&" + at(between), god);
        assertThat(carrier.at("/address/id").asText()).isEqualTo(Y);
    }

    @Test
    void aReplayRebuildsTheVersions() {
        assertThat(projector.send("POST", "/api/replay", god, null).status()).isBetween(200, 202);
        await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
            JsonNode replay = projector.send("GET", "/api/replay", god, null).json();
            assertThat(replay.get("state").asText()).as(replay.toString()).isEqualTo("DONE");
        });
        assertCarrierMoves();
    }

    /**
     * Read models built before versions existed (their generation records no format) are replaced
     * by a replay when the projector starts, so queries at an instant cover the whole history.
     * Without it, the carrier's versions would be missing here and every query at an instant 404.
     */
    @Test
    void aGenerationBuiltWithoutVersionsIsReplayedAtStart() {
        projector.close();
        SharedTestStack stack = SharedTestStack.get();
        try (MongoClient client = MongoClients.create(stack.mongo().connectionString())) {
            MongoDatabase database = client.getDatabase(DATABASE);
            Document generation = database.getCollection("projector_meta").find(Filters.eq("_id", "generation")).first();
            assertThat(generation).isNotNull();
            database.getCollection("projector_meta").updateOne(Filters.eq("_id", "generation"), Updates.unset("format"));
            for (String versions : List.of("address_versions", "brand_versions", "provider_versions")) {
                database.getCollection("g" + generation.getInteger("active") + "_" + versions).drop();
            }
        }
        projector = RunningService.start(ProjectorServiceApplication.application(),
                RunningService.wiredTo(stack, stack.mongo().connectionString(), DATABASE));
        await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
            JsonNode replay = projector.send("GET", "/api/replay", god, null).json();
            assertThat(replay.get("state").asText()).as(replay.toString()).isEqualTo("DONE");
        });
        assertCarrierMoves();
    }
}
