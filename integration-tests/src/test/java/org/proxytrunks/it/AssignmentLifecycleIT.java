package org.proxytrunks.it;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.proxytrunks.embedded.SharedTestStack;
import org.proxytrunks.events.Topics;
import org.proxytrunks.testing.RunningService.Response;
import org.proxytrunks.testing.Tokens;
import org.proxytrunks.testing.TopicReader;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The address and assignment services together over REST, the removal handshake crossing
 * Kafka both ways: the full life of addresses, brands and providers, and every forbidden move.
 */
class AssignmentLifecycleIT {

    private final Platform platform = Platform.get();
    private final String god = Tokens.god();

    private List<String> addressIds(Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        response.json().get("addressIds").forEach(n -> ids.add(n.asText()));
        return ids;
    }

    @Test
    void addressesBrandsAndProvidersThroughTheirWholeLife() {
        String a = platform.addAddress("A", "127.0.1.1");
        String b = platform.addAddress("B", "127.0.1.2");
        String c = platform.addAddress("C", "127.0.1.3");

        assertThat(addressIds(platform.defineBrand(god, "life-x", a))).as("registered at once after the address was added")
                .containsExactly(a);
        Response carrier = platform.setProvider(god, "life-x", "carriers", "c1", null);
        assertThat(carrier.status()).as(carrier.toString()).isEqualTo(200);
        assertThat(carrier.json().get("addressId").asText()).as("the brand's only address is the default").isEqualTo(a);

        assertThat(addressIds(platform.assignments.send("POST", "/api/brands/life-x/addresses/" + b, god, null)))
                .containsExactlyInAnyOrder(a, b);
        assertThat(platform.setProvider(god, "life-x", "ddi-providers", "d1", b).status()).isEqualTo(200);

        Response outside = platform.setProvider(god, "life-x", "carriers", "c1", c);
        assertThat(outside.status()).isEqualTo(409);
        assertThat(outside.json().get("detail").asText()).contains("not one of the addresses of brand life-x");

        Response noDefault = platform.setProvider(god, "life-x", "carriers", "c2", null);
        assertThat(noDefault.status()).as("two addresses: the provider must name one").isEqualTo(409);

        Response takeUsed = platform.assignments.send("DELETE", "/api/brands/life-x/addresses/" + a, god, null);
        assertThat(takeUsed.status()).isEqualTo(409);
        assertThat(takeUsed.json().get("reasons").toString()).contains("carrier c1 of brand life-x uses address " + a);

        Response removeUsed = platform.removeAddress(a);
        assertThat(removeUsed.status()).as(removeUsed.toString()).isEqualTo(409);
        assertThat(removeUsed.json().get("reasons").toString()).contains("carrier c1 of brand life-x uses address " + a);
        assertThat(platform.addresses.send("PATCH", "/api/addresses/" + a, god, "{\"name\":\"A again\"}").status())
                .as("a refused removal leaves the address ACTIVE").isEqualTo(200);

        assertThat(addressIds(platform.defineBrand(god, "life-y", c))).containsExactly(c);
        Response removeLast = platform.removeAddress(c);
        assertThat(removeLast.status()).isEqualTo(409);
        assertThat(removeLast.json().get("reasons").toString()).contains("it is the last address of brand life-y");
        Response takeLast = platform.assignments.send("DELETE", "/api/brands/life-y/addresses/" + c, god, null);
        assertThat(takeLast.status()).isEqualTo(409);

        assertThat(platform.addresses.send("DELETE", "/api/addresses/proxytrunks", god, null).status()).isEqualTo(409);
        assertThat(platform.assignments.send("POST", "/api/brands/life-x/addresses/no-such-address", god, null).status())
                .isEqualTo(404);
        assertThat(platform.setProvider(god, "no-such-brand", "carriers", "c1", null).status()).isEqualTo(404);

        assertThat(platform.setProvider(god, "life-x", "carriers", "c1", b).json().get("addressId").asText()).isEqualTo(b);
        assertThat(addressIds(platform.assignments.send("DELETE", "/api/brands/life-x/addresses/" + a, god, null)))
                .containsExactly(b);
        Response removed = platform.removeAddress(a);
        assertThat(removed.status()).as(removed.toString()).isEqualTo(204);
        Response reuse = platform.assignments.send("POST", "/api/brands/life-y/addresses/" + a, god, null);
        assertThat(reuse.status()).as("a removed address cannot be assigned").isEqualTo(409);

        String d = platform.addAddress("D", "127.0.1.4");
        assertThat(addressIds(platform.defineBrand(god, "life-z", b, d))).containsExactlyInAnyOrder(b, d);
        assertThat(platform.removeAddress(d).status()).isEqualTo(204);

        assertThat(platform.assignments.send("DELETE", "/api/brands/life-x/ddi-providers/d1", god, null).status()).isEqualTo(204);
        assertThat(platform.assignments.send("DELETE", "/api/brands/life-x/ddi-providers/d1", god, null).status()).isEqualTo(204);
        assertThat(platform.assignments.send("DELETE", "/api/brands/life-y", god, null).status()).isEqualTo(204);
        assertThat(platform.assignments.send("DELETE", "/api/brands/life-y", god, null).status()).isEqualTo(204);
        assertThat(platform.removeAddress(c).status()).as("its brand retired, the last address may go").isEqualTo(204);

        List<ConsumerRecord<String, String>> zEvents = TopicReader.read(SharedTestStack.get().kafka().bootstrapServers(),
                Topics.ASSIGNMENTS, r -> "brand:life-z".equals(r.key()), 2, Duration.ofSeconds(30), Duration.ofSeconds(1));
        assertThat(zEvents).extracting(r -> TopicReader.header(r, "axon-message-type")).endsWith(
                "org.proxytrunks.events.assignment.BrandAddressUnassignedEvent");
        assertThat(zEvents.get(zEvents.size() - 1).value()).contains("ADDRESS_REMOVED").contains(d);
        assertThat(TopicReader.header(zEvents.get(0), "axon-metadata-actorRole")).isEqualTo("GOD");
    }

    @Test
    void aBrandCannotBeRegisteredWithAnUnknownOrNoAddress() {
        assertThat(platform.defineBrand(god, "life-empty").status()).isEqualTo(400);
        Response unknown = platform.defineBrand(god, "life-unknown", "never-added");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("detail").asText()).contains("never-added");
        Response invalid = platform.assignments.send("PUT", "/api/brands/life-bad", god, "{\"addressIds\":[\"Bad Id\"]}");
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.json().get("errors").get(0).get("field").asText()).isEqualTo("addressIds[0]");
    }
}
