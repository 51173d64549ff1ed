package org.proxytrunks.assignment.web;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.extensions.kafka.eventhandling.KafkaMessageConverter;
import org.junit.jupiter.api.Test;
import org.proxytrunks.embedded.SharedTestStack;
import org.proxytrunks.events.AddressId;
import org.proxytrunks.events.Topics;
import org.proxytrunks.events.address.AddressRetirementStartedEvent;
import org.proxytrunks.testing.RunningService;
import org.proxytrunks.testing.RunningService.Response;
import org.proxytrunks.testing.Tokens;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code POST /api/addresses/{id}/retirement-preview} against the real embedded MongoDB-protocol
 * server and Kafka: the verdict and events of a removal round, previewed, and then the same
 * round for real (its start event on the address topic, as the address service publishes it),
 * which publishes exactly what the preview listed: nothing of the preview was stored, and none
 * of its state (an address retiring, a fallback kept) outlived it in the aggregate cache, or the
 * real round would conclude otherwise or nothing at all. Every test here was seen failing with an
 * aggregate cache that ignores removals (a preview's aggregates kept after its rollback).
 */
class RetirementPreviewIT {

    private static final SharedTestStack STACK = SharedTestStack.get();
    private static final RunningService service = PreviewingService.get();

    private final String tag = "ret" + UUID.randomUUID().toString().substring(0, 8);
    private final PublishedEvents published = new PublishedEvents(STACK.kafka().bootstrapServers(), tag);
    private final String god = Tokens.god();


    @Test
    void anUnusedAddressMayGoAndTheRoundThenRunsAsPreviewed() {
        String brand = "brand-" + tag;
        String kept = "kept-" + tag;
        String unused = "unused-" + tag;
        setUp(kept, unused);
        register(brand, kept, unused);
        // tracked 2, granted 2, registered
        List<PublishedEvents.Event> before = published.awaitNew(List.of(), 5);

        JsonNode preview = preview(unused, 3, null);
        assertThat(preview.path("accepted").asBoolean()).isTrue();
        assertThat(preview.path("reasons").isEmpty()).isTrue();
        assertThat(PublishedEvents.types(preview)).containsExactly(
                "AddressRetirementCheckStartedEvent", "BrandAddressRetirementAcceptedEvent", "AddressRetirementConfirmedEvent");

        startRound(unused, 3, null);
        assertThat(published.awaitNew(before, 3)).as("the real round").isEqualTo(PublishedEvents.listed(preview));

        Response again = previewResponse(unused, "4", null, Tokens.service());
        assertThat(again.status()).as("the address is in its round now: %s", again).isEqualTo(409);
        assertThat(again.json().path("type").asText()).endsWith("/retirement-round-not-run");
    }

    @Test
    void anAddressInUseIsRefusedWithTheReasonsOfTheRound() {
        String user = "a-user-" + tag;
        String holder = "b-holder-" + tag;
        String used = "used-" + tag;
        String userOwn = "user-own-" + tag;
        String holderOwn = "holder-own-" + tag;
        String carrier = "car-" + tag;
        setUp(used, userOwn, holderOwn);
        register(user, userOwn, used);
        register(holder, holderOwn, used);
        assertThat(setCarrier(user, carrier, used).status()).isEqualTo(200);
        // tracked 3, granted 4, registered 2, the carrier set
        List<PublishedEvents.Event> before = published.awaitNew(List.of(), 10);

        JsonNode preview = preview(used, 7, null);
        assertThat(preview.path("accepted").asBoolean()).isFalse();
        assertThat(preview.path("reasons").get(0).asText()).isEqualTo("carrier " + carrier + " of brand " + user + " uses address " + used);
        assertThat(preview.path("reasons").size()).isOne();
        assertThat(PublishedEvents.types(preview)).containsExactly("AddressRetirementCheckStartedEvent",
                "BrandAddressRetirementAcceptedEvent", "AddressRetirementRefusedEvent", "BrandAddressRetirementWithdrawnEvent");

        startRound(used, 7, null);
        List<PublishedEvents.Event> round = published.awaitNew(before, 4);
        assertThat(round).as("the real round").isEqualTo(PublishedEvents.listed(preview));
        assertThat(round).filteredOn(event -> event.type().equals("AddressRetirementRefusedEvent"))
                .singleElement().satisfies(refused -> assertThat(refused.payload().path("reasons")).isEqualTo(preview.path("reasons")));
    }

    @Test
    void aFallbackMovesTheProvidersAndTheRoundThenRunsAsPreviewed() {
        String brand = "brand-" + tag;
        String leaving = "leaving-" + tag;
        String fallback = "fallback-" + tag;
        setUp(leaving, fallback);
        register(brand, leaving, fallback);
        assertThat(setCarrier(brand, "car-" + tag, leaving).status()).isEqualTo(200);
        assertThat(service.send("PUT", "/api/brands/" + brand + "/ddi-providers/ddi-" + tag, god,
                "{\"addressId\":\"" + leaving + "\"}").status()).isEqualTo(200);
        // tracked 2, granted 2, registered, two providers set
        List<PublishedEvents.Event> before = published.awaitNew(List.of(), 7);

        JsonNode refused = preview(leaving, 2, null);
        assertThat(refused.path("accepted").asBoolean()).as("without the fallback").isFalse();
        assertThat(refused.path("reasons").size()).isEqualTo(2);

        JsonNode preview = preview(leaving, 2, fallback);
        assertThat(preview.path("accepted").asBoolean()).isTrue();
        assertThat(preview.path("reasons").isEmpty()).isTrue();
        assertThat(PublishedEvents.types(preview)).containsExactly("AddressRetirementCheckStartedEvent",
                "BrandAddressRetirementAcceptedEvent", "ProviderAddressSetEvent", "ProviderAddressSetEvent",
                "AddressRetirementConfirmedEvent");
        assertThat(preview.path("events")).filteredOn(event -> event.path("type").asText().equals("ProviderAddressSetEvent"))
                .allSatisfy(move -> {
                    assertThat(move.path("payload").path("addressId").asText()).isEqualTo(fallback);
                    assertThat(move.path("payload").path("previousAddressId").asText()).isEqualTo(leaving);
                });

        startRound(leaving, 2, fallback);
        assertThat(published.awaitNew(before, 5)).as("the real round").isEqualTo(PublishedEvents.listed(preview));
    }

    /**
     * What a preview changed in the aggregates it loaded (the address retiring in its usage and
     * in the brand) is gone once it answers: an address just previewed as removable can be given
     * to a provider and to another brand, which a leftover block would refuse (409), and the next
     * preview sees them.
     */
    @Test
    void aPreviewLeavesTheAddressAsItWas() {
        String brand = "brand-" + tag;
        String other = "other-" + tag;
        String kept = "kept-" + tag;
        String previewed = "previewed-" + tag;
        String others = "others-" + tag;
        setUp(kept, previewed, others);
        register(brand, kept, previewed);
        register(other, others);

        assertThat(preview(previewed, 1, null).path("accepted").asBoolean()).isTrue();
        Response set = setCarrier(brand, "car-" + tag, previewed);
        assertThat(set.status()).as(set.toString()).isEqualTo(200);
        Response assigned = service.send("POST", "/api/brands/" + other + "/addresses/" + previewed, god, null);
        assertThat(assigned.status()).as(assigned.toString()).isEqualTo(200);

        JsonNode after = preview(previewed, 1, null);
        assertThat(after.path("accepted").asBoolean()).isFalse();
        assertThat(after.path("events").get(0).path("payload").path("brandIds"))
                .extracting(JsonNode::asText).containsExactly(brand, other);
    }

    /**
     * An address the assignment service has not heard of is tracked by the round and, held by no
     * brand, confirmed: the preview says so, and the real round does the same.
     */
    @Test
    void anUnknownAddressIsAcceptedAsTheRoundWouldAcceptIt() {
        String unknown = "unknown-" + tag;

        JsonNode preview = preview(unknown, 0, null);
        assertThat(preview.path("accepted").asBoolean()).isTrue();
        assertThat(PublishedEvents.types(preview)).containsExactly(
                "AddressUsageTrackedEvent", "AddressRetirementCheckStartedEvent", "AddressRetirementConfirmedEvent");
        Response grant = service.send("POST", "/api/brands/nobody-" + tag + "/addresses/" + unknown, god, null);
        assertThat(grant.status()).as("still unknown after the preview: %s", grant).isEqualTo(404);
        assertThat(grant.json().path("type").asText()).endsWith("/address-not-found");

        startRound(unknown, 0, null);
        assertThat(published.awaitNew(List.of(), 3)).as("the real round").isEqualTo(PublishedEvents.listed(preview));
    }

    @Test
    void badParametersAndCallersAreRefused() {
        String address = "bad-" + tag;
        assertBadField(previewResponse(address, null, null, god), "round");
        assertBadField(previewResponse(address, "soon", null, god), "round");
        assertBadField(previewResponse(address, "-1", null, god), "round");
        assertBadField(previewResponse(address, "99999999999999999999", null, god), "round");
        assertBadField(previewResponse(address, "1", "Not-An-Id", god), "moveProvidersTo");
        assertBadField(previewResponse(address, "1", address, god), "moveProvidersTo");
        assertThat(service.send("POST", "/api/addresses/NOT-AN-ID/retirement-preview?round=1", god, null).status()).isEqualTo(404);

        assertThat(previewResponse(address, "1", null, Tokens.brandAdmin("brand-" + tag)).status()).isEqualTo(403);
        assertThat(previewResponse(address, "1", null, null).status()).isEqualTo(401);
        assertThat(previewResponse(address, "1", null, god).status()).isEqualTo(200);
        assertThat(previewResponse(address, "1", null, Tokens.service()).status()).isEqualTo(200);
        published.assertNothingNewSince(List.of());
    }

    /** Tells the service of the addresses, as the address service would, and waits for them to be tracked. */
    private void setUp(String... addresses) {
        PublishedEvents.addAddresses(STACK, addresses);
        published.awaitNew(List.of(), addresses.length);
    }

    private void register(String brand, String... addresses) {
        String body = "{\"addressIds\":[\"" + String.join("\",\"", addresses) + "\"]}";
        await().atMost(Duration.ofSeconds(30)).until(() -> service.send("PUT", "/api/brands/" + brand, god, body).status() == 200);
    }

    private Response setCarrier(String brand, String carrier, String address) {
        return service.send("PUT", "/api/brands/" + brand + "/carriers/" + carrier, god, "{\"addressId\":\"" + address + "\"}");
    }

    private JsonNode preview(String address, long round, String fallback) {
        Response answer = previewResponse(address, Long.toString(round), fallback, Tokens.service());
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        return answer.json();
    }

    private static Response previewResponse(String address, String round, String fallback, String token) {
        StringBuilder path = new StringBuilder("/api/addresses/" + address + "/retirement-preview");
        String separator = "?";
        if (round != null) {
            path.append(separator).append("round=").append(round);
            separator = "&";
        }
        if (fallback != null) {
            path.append(separator).append("moveProvidersTo=").append(fallback);
        }
        return service.send("POST", path.toString(), token, null);
    }

    private static void assertBadField(Response answer, String field) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
        assertThat(answer.json().path("errors").path(0).path("field").asText()).as(answer.toString()).isEqualTo(field);
    }

    /**
     * Starts round {@code round} of the removal as the address service does: its start event on
     * the address topic, as event {@code round} of the address (Axon's converter, so that it is a
     * domain event with its sequence number, which the round is).
     */
    @SuppressWarnings("unchecked")
    private static void startRound(String address, long round, String fallback) {
        KafkaMessageConverter<String, byte[]> converter = service.context().getBean(KafkaMessageConverter.class);
        AddressRetirementStartedEvent started = new AddressRetirementStartedEvent(new AddressId(address),
                fallback == null ? null : new AddressId(fallback));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, STACK.kafka().bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(converter.createKafkaMessage(
                    new GenericDomainEventMessage<>("ProxyTrunkAddress", address, round, started), Topics.ADDRESSES)).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not start the round", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
