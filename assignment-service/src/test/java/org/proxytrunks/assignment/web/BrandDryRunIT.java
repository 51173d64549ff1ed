package org.proxytrunks.assignment.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.proxytrunks.assignment.AssignmentServiceApplication;
import org.proxytrunks.embedded.SharedTestStack;
import org.proxytrunks.events.AddressId;
import org.proxytrunks.events.BrandId;
import org.proxytrunks.events.ProviderId;
import org.proxytrunks.events.ProviderKind;
import org.proxytrunks.events.assignment.BrandRegisteredEvent;
import org.proxytrunks.events.assignment.ProviderAddressSetEvent;
import org.proxytrunks.support.axon.EventPositions;
import org.proxytrunks.testing.RunningService;
import org.proxytrunks.testing.RunningService.Response;
import org.proxytrunks.testing.Tokens;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code dryRun=true} on every command endpoint of the brands, against the real embedded
 * MongoDB-protocol server and Kafka: a dry run lists the events its command would publish and
 * publishes nothing (the command sent afterwards publishes exactly those events, their sequence
 * numbers included, which it could not if the dry run had stored any); a dry run is refused
 * exactly as its command; and it writes no provider claim, neither a new one nor over a claim
 * left behind, nor the claims from history.
 */
class BrandDryRunIT {

    private static final SharedTestStack STACK = SharedTestStack.get();
    private static final RunningService service = PreviewingService.get();

    private final String tag = "dry" + UUID.randomUUID().toString().substring(0, 8);
    private final PublishedEvents published = new PublishedEvents(STACK.kafka().bootstrapServers(), tag);
    private final String god = Tokens.god();


    @Test
    void everyCommandPreviewsTheEventsItThenPublishes() {
        String brand = "brand-" + tag;
        String first = "first-" + tag;
        String second = "second-" + tag;
        String carrier = "/api/brands/" + brand + "/carriers/car-" + tag;
        String ddiProvider = "/api/brands/" + brand + "/ddi-providers/ddi-" + tag;
        String admin = Tokens.brandAdmin(brand);
        PublishedEvents.addAddresses(STACK, first, second);
        published.awaitNew(List.of(), 2);

        previewThenRun("PUT", "/api/brands/" + brand, god, addressIds(first), 200,
                "AddressGrantedToBrandEvent", "BrandRegisteredEvent");
        previewThenRun("POST", "/api/brands/" + brand + "/addresses/" + second, god, null, 200,
                "AddressGrantedToBrandEvent", "BrandAddressAssignedEvent");
        previewThenRun("PUT", carrier, admin, addressId(first), 200, "ProviderAddressSetEvent");
        previewThenRun("PUT", ddiProvider, Tokens.service(), addressId(second), 200, "ProviderAddressSetEvent");
        previewThenRun("PUT", carrier, god, addressId(second), 200, "ProviderAddressSetEvent");
        previewThenRun("DELETE", ddiProvider, admin, null, 204, "ProviderRetiredEvent");
        previewThenRun("DELETE", carrier, god, null, 204, "ProviderRetiredEvent");
        previewThenRun("DELETE", "/api/brands/" + brand + "/addresses/" + second, god, null, 200, "BrandAddressUnassignedEvent");
        previewThenRun("PUT", "/api/brands/" + brand, god, addressIds(first, second), 200, "BrandAddressAssignedEvent");
        previewThenRun("PUT", carrier, admin, addressId(first), 200, "ProviderAddressSetEvent");
        previewThenRun("DELETE", "/api/brands/" + brand, Tokens.service(), null, 204,
                "ProviderRetiredEvent", "BrandAddressUnassignedEvent", "BrandAddressUnassignedEvent", "BrandRetiredEvent",
                "AddressReleasedByBrandEvent", "AddressReleasedByBrandEvent");
    }

    @Test
    void aDryRunIsRefusedExactlyAsItsCommand() {
        String brand = "brand-" + tag;
        String other = "other-" + tag;
        String own = "own-" + tag;
        String others = "others-" + tag;
        String taken = "taken-" + tag;
        PublishedEvents.addAddresses(STACK, own, others);
        register(service, brand, own);
        register(service, other, others);
        assertThat(service.send("PUT", "/api/brands/" + other + "/carriers/" + taken, god, addressId(others)).status()).isEqualTo(200);
        // tracked, granted and registered twice, the carrier set
        List<PublishedEvents.Event> before = published.awaitNew(List.of(), 7);

        String unknown = "/api/brands/unknown-" + tag;
        String carrier = "/api/brands/" + brand + "/carriers/car-" + tag;
        sameRefusal("PUT", unknown + "/carriers/car-" + tag, god, addressId(own), 404, "brand-not-found");
        sameRefusal("DELETE", unknown + "/addresses/" + own, god, null, 404, "brand-not-found");
        sameRefusal("PUT", carrier, Tokens.brandAdmin(other), addressId(own), 403, "forbidden");
        sameRefusal("DELETE", carrier, Tokens.brandAdmin(other), null, 403, "forbidden");
        sameRefusal("PUT", "/api/brands/" + brand, Tokens.brandAdmin(brand), addressIds(own), 403, "forbidden");
        sameRefusal("PUT", "/api/brands/" + brand, Tokens.service(), addressIds(own), 403, "forbidden");
        sameRefusal("PUT", "/api/brands/" + brand, god, "{\"addressIds\":[]}", 400, "invalid-request");
        sameRefusal("PUT", carrier, god, "{\"addressId\":\"Not An Id\"}", 400, "invalid-request");
        sameRefusal("PUT", "/api/brands/" + brand + "/carriers/" + taken, god, addressId(own), 409, "provider-taken");
        sameRefusal("PUT", "/api/brands/" + brand + "/carriers/" + taken, Tokens.brandAdmin(brand), addressId(own), 409,
                "provider-taken");
        sameRefusal("DELETE", "/api/brands/" + brand + "/carriers/" + taken, god, null, 409, "provider-taken");
        sameRefusal("DELETE", "/api/brands/" + brand + "/addresses/" + own, god, null, 409, "assignment-rule");
        sameRefusal("PUT", carrier, god, addressId(others), 409, "address-not-in-brand");
        sameRefusal("POST", "/api/brands/" + brand + "/addresses/never-" + tag, god, null, 404, "address-not-found");
        sameRefusal("PUT", "/api/brands/" + brand + "/carriers/" + "x".repeat(70), god, addressId(own), 404, "not-found");
        sameRefusal("PUT", carrier, null, addressId(own), 401, null);

        Response malformed = service.send("PUT", carrier + "?dryRun=maybe", god, addressId(own));
        assertThat(malformed.status()).as(malformed.toString()).isEqualTo(400);
        assertThat(malformed.json().path("errors").path(0).path("field").asText()).isEqualTo("dryRun");

        published.assertNothingNewSince(before);
    }

    @Test
    void theApiDescriptionDocumentsDryRunOnEveryCommandAndTheRetirementPreview() {
        Response docs = service.send("GET", "/v3/api-docs", god, null);
        assertThat(docs.status()).as(docs.toString()).isEqualTo(200);
        List<String> documented = new ArrayList<>();
        docs.json().path("paths").properties().stream().filter(path -> path.getKey().startsWith("/api/brands/")).forEach(path ->
                path.getValue().properties().forEach(operation -> {
                    boolean dryRun = false;
                    for (JsonNode parameter : operation.getValue().path("parameters")) {
                        dryRun |= parameter.path("name").asText().equals("dryRun") && parameter.path("in").asText().equals("query")
                                && parameter.path("description").asText().contains("store and publish nothing");
                    }
                    documented.add(operation.getKey() + " " + path.getKey() + (dryRun ? "" : " without dryRun"));
                }));
        assertThat(documented).containsExactlyInAnyOrder(
                "put /api/brands/{brandId}", "delete /api/brands/{brandId}",
                "post /api/brands/{brandId}/addresses/{addressId}", "delete /api/brands/{brandId}/addresses/{addressId}",
                "put /api/brands/{brandId}/carriers/{providerId}", "delete /api/brands/{brandId}/carriers/{providerId}",
                "put /api/brands/{brandId}/ddi-providers/{providerId}", "delete /api/brands/{brandId}/ddi-providers/{providerId}");
        assertThat(docs.json().path("paths").path("/api/addresses/{addressId}/retirement-preview").path("post").path("parameters"))
                .extracting(parameter -> parameter.path("name").asText()).containsExactly("addressId", "round", "moveProvidersTo");
    }

    /**
     * A dry run of a provider command writes no claim: not its own (another brand takes the id
     * afterwards), not over a claim left behind by a crash (that claim is as it was, where the
     * command would have renewed it as its own and the rollback then deleted it), and not the
     * claims from history that the first claim of a database writes (asked from the history
     * instead, so a provider taken before claims existed is refused alike). In a database of its
     * own, so that no command before has claimed anything. Seen failing with the claims' dry-run
     * check taken out (the claim left behind was gone, the claims from history written) and with
     * a dry run reading the claims without the history (the provider taken before claims existed
     * was previewed as free).
     */
    @Test
    void aDryRunWritesNoProviderClaim() {
        String brand = "claims-a-" + tag;
        String other = "claims-b-" + tag;
        String legacy = "claims-legacy-" + tag;
        String own = "claims-own-" + tag;
        String others = "claims-others-" + tag;
        String fresh = "fresh-" + tag;
        String stale = "stale-" + tag;
        String old = "old-" + tag;
        String database = "assignment-dry-run-claims-" + tag;
        Map<String, Object> properties = PublishedEvents.serviceProperties(STACK, database);
        try (RunningService claims = RunningService.start(AssignmentServiceApplication.application(), properties)) {
            MongoDatabase db = claims.context().getBean(MongoClient.class).getDatabase((String) properties.get("spring.data.mongodb.database"));
            PublishedEvents.addAddresses(STACK, own, others);
            register(claims, brand, own);
            register(claims, other, others);
            // the history of a service version without claims, and a claim left by a crash after claiming for the other brand
            claims.context().getBean(EventStore.class).publish(
                    new GenericDomainEventMessage<>("BrandTrunks", "brand:" + legacy, 0,
                            new BrandRegisteredEvent(new BrandId(legacy), List.of(new AddressId(own)))),
                    new GenericDomainEventMessage<>("BrandTrunks", "brand:" + legacy, 1,
                            new ProviderAddressSetEvent(new BrandId(legacy), ProviderKind.CARRIER, new ProviderId(old),
                                    new AddressId(own), null)));
            db.getCollection("provider_claims").insertOne(new Document("_id", "CARRIER:" + stale).append("brandId", other)
                    .append("claimId", "left-behind").append("claimedAt", Date.from(Instant.now().minus(2, ChronoUnit.MINUTES))));
            List<Document> claimsBefore = all(db, "provider_claims");

            assertThat(dryRun(claims, "PUT", "/api/brands/" + brand + "/carriers/" + fresh, addressId(own)).status()).isEqualTo(200);
            assertThat(dryRun(claims, "PUT", "/api/brands/" + brand + "/carriers/" + stale, addressId(own)).status())
                    .as("the other brand's events do not give it the carrier: its claim would be taken over").isEqualTo(200);
            Response fromHistory = dryRun(claims, "PUT", "/api/brands/" + other + "/carriers/" + old, addressId(others));
            assertThat(fromHistory.status()).as(fromHistory.toString()).isEqualTo(409);
            assertThat(fromHistory.json().path("ownerBrandId").asText()).isEqualTo(legacy);
            assertThat(dryRun(claims, "DELETE", "/api/brands/" + legacy + "/carriers/" + old, null).status()).isEqualTo(200);

            assertThat(all(db, "provider_claims")).as("the claims after the dry runs").isEqualTo(claimsBefore);
            assertThat(all(db, "provider_claim_migrations")).as("no claims from history written").isEmpty();

            assertThat(setCarrier(claims, other, fresh, others).status()).as("the id is still free").isEqualTo(200);
            Response taken = setCarrier(claims, brand, fresh, own);
            assertThat(taken.status()).as(taken.toString()).isEqualTo(409);
            assertThat(taken.json().path("ownerBrandId").asText()).isEqualTo(other);
            assertThat(setCarrier(claims, brand, stale, own).status()).isEqualTo(200);
            Response legacyHeld = setCarrier(claims, other, old, others);
            assertThat(legacyHeld.status()).as(legacyHeld.toString()).isEqualTo(409);
            assertThat(legacyHeld.json().path("ownerBrandId").asText()).isEqualTo(legacy);
            assertThat(all(db, "provider_claim_migrations")).as("written by the first real claim").hasSize(1);
        }
    }

    /**
     * Sends the request with {@code dryRun=true}, then as it is, and asserts that the preview
     * listed {@code types} (in order) and stored nothing: the real command then publishes exactly
     * the events listed, nothing else, with the same sequence numbers and payloads.
     */
    private void previewThenRun(String method, String path, String token, String body, int status, String... types) {
        List<PublishedEvents.Event> before = published.now();
        Response dry = dryRun(service, method, path, body, token);
        assertThat(dry.status()).as(dry.toString()).isEqualTo(200);
        JsonNode preview = dry.json();
        assertThat(preview.path("dryRun").asBoolean()).as(dry.toString()).isTrue();
        assertThat(preview.path("kamailio").path("unavailable").isTextual()).as("no kamailio-sync-service runs: %s", dry).isTrue();
        assertThat(PublishedEvents.types(preview)).as(method + " " + path).containsExactly(types);
        assertThat(dry.headers().keySet()).as("a dry run stores nothing to wait for")
                .noneMatch(header -> header.equalsIgnoreCase(EventPositions.HEADER));

        Response real = service.send(method, path, token, body);
        assertThat(real.status()).as(real.toString()).isEqualTo(status);
        assertThat(published.awaitNew(before, types.length)).as("published by %s %s after its dry run", method, path)
                .isEqualTo(PublishedEvents.listed(preview));
    }

    /**
     * Sends the request with {@code dryRun=true}, then as it is, and asserts both answers are the
     * same: {@code status}, the problem of {@code type} (any when null), and every member of it.
     */
    private void sameRefusal(String method, String path, String token, String body, int status, String type) {
        Response dry = dryRun(service, method, path, body, token);
        Response real = service.send(method, path, token, body);
        assertThat(real.status()).as(real.toString()).isEqualTo(status);
        assertThat(dry.status()).as(dry.toString()).isEqualTo(status);
        if (type != null) {
            assertThat(real.json().path("type").asText()).as(real.toString()).endsWith("/" + type);
        }
        assertThat(dry.json()).as("the dry run's refusal of %s %s", method, path).isEqualTo(real.json());
    }

    private static Response dryRun(RunningService target, String method, String path, String body) {
        return dryRun(target, method, path, body, Tokens.god());
    }

    private static Response dryRun(RunningService target, String method, String path, String body, String token) {
        return target.send(method, path + (path.contains("?") ? "&" : "?") + "dryRun=true", token, body);
    }

    /** Registers a brand, once the service has read its address (a fresh service reads the address topic from its start). */
    private void register(RunningService target, String brand, String address) {
        await().atMost(Duration.ofSeconds(60)).until(() -> target.send("PUT", "/api/brands/" + brand, god, addressIds(address)).status() == 200);
    }

    private Response setCarrier(RunningService target, String brand, String carrier, String address) {
        return target.send("PUT", "/api/brands/" + brand + "/carriers/" + carrier, god, addressId(address));
    }

    private static List<Document> all(MongoDatabase db, String collection) {
        return db.getCollection(collection).find(Filters.empty()).into(new ArrayList<>());
    }

    private static String addressIds(String... ids) {
        return "{\"addressIds\":[\"" + String.join("\",\"", ids) + "\"]}";
    }

    private static String addressId(String id) {
        return "{\"addressId\":\"" + id + "\"}";
    }
}
