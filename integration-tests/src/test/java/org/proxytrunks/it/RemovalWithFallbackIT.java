package org.proxytrunks.it;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.proxytrunks.embedded.SharedTestStack;
import org.proxytrunks.events.AddressId;
import org.proxytrunks.events.Topics;
import org.proxytrunks.testing.RunningService.Response;
import org.proxytrunks.testing.Tokens;
import org.proxytrunks.testing.TopicReader;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code DELETE /api/addresses/{id}?moveProvidersTo=} with the address, assignment and projector
 * services together: the providers of every brand moved to the fallback and then the address
 * removed, in one request; refused, with nothing moved, when a brand whose providers use the
 * address does not have the fallback; and the fallbacks that cannot be one.
 */
class RemovalWithFallbackIT {

    private static final String MAIN = AddressId.MAIN.value();

    private final Platform platform = Platform.get();
    private final String god = Tokens.god();

    @Test
    void theProvidersOfEveryBrandMoveToTheFallbackAndTheAddressGoes() {
        String old = platform.addAddress("fallback old", "127.0.8.11");
        String fallback = platform.addAddress("fallback new", "127.0.8.12");
        String spare = platform.addAddress("fallback spare", "127.0.8.13");
        assertThat(platform.defineBrand(god, "fb-x", old, fallback).status()).isEqualTo(200);
        assertThat(platform.defineBrand(god, "fb-y", old, fallback, spare).status()).isEqualTo(200);
        assertThat(platform.defineBrand(god, "fb-z", old, spare).status()).as("holds the address, no provider on it").isEqualTo(200);
        assertThat(platform.setProvider(god, "fb-x", "carriers", "fbx-c1", old).status()).isEqualTo(200);
        assertThat(platform.setProvider(Tokens.brandAdmin("fb-x"), "fb-x", "ddi-providers", "fbx-d1", old).status()).isEqualTo(200);
        assertThat(platform.setProvider(god, "fb-y", "carriers", "fby-c1", old).status()).isEqualTo(200);
        assertThat(platform.setProvider(god, "fb-y", "carriers", "fby-c2", spare).status()).isEqualTo(200);

        Response removed = platform.removeAddress(old, fallback);
        assertThat(removed.status()).as(removed.toString()).isEqualTo(204);
        String position = removed.headers().get("x-event-position").get(0);
        assertThat(position).startsWith(old + ":");

        assertThat(platform.projector.send("GET", "/api/addresses/" + old + "?waitFor=" + position, god, null).status())
                .as("the address is gone").isEqualTo(404);
        // the moves are on the assignments topic and fb-z's loss of the address follows the removal
        // there: the projector reads that topic apart from the addresses topic the position names
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            for (String[] provider : List.of(new String[]{"fb-x", "carriers", "fbx-c1"}, new String[]{"fb-x", "ddi-providers", "fbx-d1"},
                    new String[]{"fb-y", "carriers", "fby-c1"})) {
                Response served = platform.projector.send("GET", "/api/brands/" + provider[0] + "/" + provider[1] + "/" + provider[2], god, null);
                assertThat(served.json().path("address").path("id").asText()).as(String.join(" ", provider)).isEqualTo(fallback);
            }
            assertThat(platform.projector.send("GET", "/api/brands/fb-z", god, null).json().toString())
                    .doesNotContain(old).contains(spare);
        });
        assertThat(platform.projector.send("GET", "/api/brands/fb-y/carriers/fby-c2", god, null).json().path("address").path("id")
                .asText()).as("a provider on another address stays").isEqualTo(spare);

        List<ConsumerRecord<String, String>> moves = TopicReader.read(SharedTestStack.get().kafka().bootstrapServers(), Topics.ASSIGNMENTS,
                r -> r.key().startsWith("brand:fb-") && r.value().contains("\"previousAddressId\":\"" + old + "\""), 3,
                Duration.ofSeconds(30), Duration.ofSeconds(1));
        List<ConsumerRecord<String, String>> start = TopicReader.read(SharedTestStack.get().kafka().bootstrapServers(), Topics.ADDRESSES,
                r -> old.equals(r.key()) && r.value().contains("fallbackAddressId"), 1, Duration.ofSeconds(30), Duration.ZERO);
        assertThat(moves).as("one ordinary provider move each").hasSize(3);
        for (ConsumerRecord<String, String> move : moves) {
            assertThat(TopicReader.header(move, "axon-message-type")).endsWith(".ProviderAddressSetEvent");
            assertThat(move.value()).contains("\"addressId\":\"" + fallback + "\"");
            assertThat(TopicReader.header(move, "axon-metadata-actorSubject")).as("the remover's move").isEqualTo("god");
            assertThat(TopicReader.header(move, "axon-metadata-actorRole")).isEqualTo("GOD");
            assertThat(TopicReader.header(move, "axon-metadata-traceId")).as("caused by the removal")
                    .isEqualTo(TopicReader.header(start.get(0), "axon-metadata-traceId")).isNotBlank();
        }
    }

    @Test
    void aBrandWithoutTheFallbackRefusesItAndNothingMoves() {
        String old = platform.addAddress("fallback refused old", "127.0.8.21");
        String fallback = platform.addAddress("fallback refused new", "127.0.8.22");
        String other = platform.addAddress("fallback refused other", "127.0.8.23");
        assertThat(platform.defineBrand(god, "fb-has", old, fallback).status()).isEqualTo(200);
        assertThat(platform.defineBrand(god, "fb-lacks", old, other).status()).isEqualTo(200);
        assertThat(platform.setProvider(god, "fb-has", "carriers", "fbh-c1", old).status()).isEqualTo(200);
        Response set = platform.setProvider(god, "fb-lacks", "ddi-providers", "fbl-d1", old);
        assertThat(set.status()).isEqualTo(200);

        Response refused = platform.removeAddress(old, fallback);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(refused.json().get("reasons").toString())
                .contains("brand fb-lacks cannot move its providers to the fallback address " + fallback)
                .contains("DDI provider fbl-d1 of brand fb-lacks uses address " + old)
                .doesNotContain("fb-has");
        assertThat(platform.addresses.send("GET", "/api/addresses/" + old + "/removal", god, null).json().get("status").asText())
                .isEqualTo("REFUSED");
        assertThat(platform.addresses.send("PATCH", "/api/addresses/" + old, god, "{\"name\":\"still here\"}").status())
                .as("the address is ACTIVE again").isEqualTo(200);
        assertThat(platform.projector.send("GET", "/api/brands/fb-has/carriers/fbh-c1?waitFor=brand:fb-has:3", god, null).json()
                .path("address").path("id").asText()).as("nothing moved").isEqualTo(old);
        assertThat(TopicReader.read(SharedTestStack.get().kafka().bootstrapServers(), Topics.ASSIGNMENTS,
                r -> r.key().startsWith("brand:fb-") && r.value().contains("\"previousAddressId\":\"" + old + "\""), 1,
                Duration.ofSeconds(3), Duration.ZERO)).as("no provider move").isEmpty();
        assertThat(platform.setProvider(god, "fb-has", "carriers", "fbh-c2", old).status())
                .as("the brand that had accepted gives the address to providers again").isEqualTo(200);
        assertThat(platform.assignments.send("DELETE", "/api/brands/fb-has/addresses/" + fallback, god, null).status())
                .as("and no longer keeps the fallback").isEqualTo(200);

        assertThat(platform.assignments.send("POST", "/api/brands/fb-lacks/addresses/" + fallback, god, null).status()).isEqualTo(200);
        assertThat(platform.assignments.send("POST", "/api/brands/fb-has/addresses/" + fallback, god, null).status()).isEqualTo(200);
        Response removed = platform.removeAddress(old, fallback);
        assertThat(removed.status()).as("with the fallback given to it: " + removed).isEqualTo(204);
    }

    @Test
    void aFallbackThatCannotTakeProvidersIsRefusedAtOnce() {
        String old = platform.addAddress("fallback checked", "127.0.8.31");
        String gone = platform.addAddress("fallback gone", "127.0.8.32");
        assertThat(platform.defineBrand(god, "fb-checked", old, MAIN).status()).isEqualTo(200);
        assertThat(platform.setProvider(god, "fb-checked", "carriers", "fbc-c1", old).status()).isEqualTo(200);
        assertThat(platform.removeAddress(gone).status()).isEqualTo(204);

        assertRefused(platform.removeAddress(old, old), 400);
        assertRefused(platform.removeAddress(old, "no-such-fallback"), 404);
        assertRefused(platform.removeAddress(old, gone), 404);
        assertRefused(platform.removeAddress(old, "Bad%20Id"), 400);
        assertThat(platform.addresses.send("GET", "/api/addresses/" + old + "/removal", god, null).json().get("status").asText())
                .as("no removal started").isEqualTo("NOT_REQUESTED");

        Response toMain = platform.removeAddress(old, MAIN);
        assertThat(toMain.status()).as("the main address may be the fallback: " + toMain).isEqualTo(204);
        assertThat(platform.projector.send("GET", "/api/brands/fb-checked/carriers/fbc-c1?waitFor="
                + toMain.headers().get("x-event-position").get(0), god, null).json().path("address").path("id").asText())
                .isEqualTo(MAIN);
    }

    private static void assertRefused(Response refused, int status) {
        assertThat(refused.status()).as(refused.toString()).isEqualTo(status);
        assertThat(refused.json().get("errors").get(0).get("field").asText()).isEqualTo("moveProvidersTo");
    }
}
