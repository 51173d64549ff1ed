package org.proxytrunks.projector;

import com.fasterxml.jackson.databind.JsonNode;
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
import org.proxytrunks.events.assignment.BrandRegisteredEvent;
import org.proxytrunks.events.assignment.BrandRetiredEvent;
import org.proxytrunks.events.assignment.ProviderAddressSetEvent;
import org.proxytrunks.testing.EventWriter;
import org.proxytrunks.testing.RunningService;
import org.proxytrunks.testing.RunningService.Response;
import org.proxytrunks.testing.Tokens;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the admin dashboard reads: brands a page at a time with their counts, the usage counts of
 * an address, and the brands and providers of an address a page at a time, each confined for a
 * brand admin as {@code GET /api/addresses/{id}} is.
 *
 * <p>Address A is used by brands 1 and 2: brand 1 has carriers c1..c5 and DDI provider d1 on it
 * (and carrier c6 on address B, its alone), brand 2 carrier c1 and DDI provider d2. Brand 3 is
 * registered and retired.
 */
class DashboardQueriesIT {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String A = "dq-a-" + RUN;
    private static final String B = "dq-b-" + RUN;
    private static final String B1 = "dq1-" + RUN;
    private static final String B2 = "dq2-" + RUN;
    private static final String B3 = "dq3-" + RUN;

    private static RunningService projector;
    private final String god = Tokens.god();

    @BeforeAll
    static void start() {
        SharedTestStack stack = SharedTestStack.get();
        projector = RunningService.start(ProjectorServiceApplication.application(),
                RunningService.wiredTo(stack, stack.mongo().connectionString(), "projector-dashboard"));
        List<String> positions = new ArrayList<>();
        try (EventWriter writer = new EventWriter(stack.kafka().bootstrapServers())) {
            writer.publish(Topics.ADDRESSES, A, 0, new AddressAddedEvent(new AddressId(A), new AddressName("dq shared"),
                    IpLiteral.parse("127.66.0.1"), null, false));
            writer.publish(Topics.ADDRESSES, B, 0, new AddressAddedEvent(new AddressId(B), new AddressName("dq own"),
                    IpLiteral.parse("127.66.0.2"), null, false));
            positions.add(A + ":0");
            positions.add(B + ":0");
            positions.add(brand(writer, B1, List.of(A, B), "c1 A", "c2 A", "c3 A", "c4 A", "c5 A", "d1 A", "c6 B"));
            positions.add(brand(writer, B2, List.of(A), "c1 A", "d2 A"));
            String registered = brand(writer, B3, List.of());
            writer.publish(Topics.ASSIGNMENTS, "brand:" + B3, 1, new BrandRetiredEvent(new BrandId(B3)));
            positions.add(registered.replaceAll(":0$", ":1"));
        }
        for (String position : positions) {
            Response reached = projector.send("GET", "/api/audit?size=1&waitFor=" + position, Tokens.god(), null);
            assertThat(reached.status()).as(position + ": " + reached).isEqualTo(200);
        }
    }

    /** Registers {@code brand} with {@code addresses} and sets its providers ("c1 A": carrier c1 on A; d...: DDI providers); answers its last position. */
    private static String brand(EventWriter writer, String brand, List<String> addresses, String... providers) {
        String aggregate = "brand:" + brand;
        BrandId id = new BrandId(brand);
        writer.publish(Topics.ASSIGNMENTS, aggregate, 0, new BrandRegisteredEvent(id, addresses.stream().map(AddressId::new).toList()));
        long sequence = 0;
        for (String provider : providers) {
            String[] parts = provider.split(" ");
            ProviderKind kind = parts[0].startsWith("c") ? ProviderKind.CARRIER : ProviderKind.DDI_PROVIDER;
            String address = parts[1].equals("A") ? A : B;
            writer.publish(Topics.ASSIGNMENTS, aggregate, ++sequence, new ProviderAddressSetEvent(id, kind, new ProviderId(parts[0]),
                    new AddressId(address), null));
        }
        return aggregate + ":" + sequence;
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

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(item -> texts.add(item.isTextual() ? item.asText() : item.path("brandId").asText() + "/"
                + item.path("kind").asText() + "/" + item.path("providerId").asText()));
        return texts;
    }

    private void assertRefused(String path, String token, int status, String field) {
        Response refused = projector.send("GET", path, token, null);
        assertThat(refused.status()).as(path + ": " + refused).isEqualTo(status);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        if (field != null) {
            assertThat(refused.json().get("errors").findValuesAsText("field")).as(path).containsExactly(field);
        }
    }

    @Test
    void anAddressCountsItsUseAndABrandAdminCountsOnlyItsOwn() {
        JsonNode shared = ok("/api/addresses/" + A, god);
        assertThat(shared.get("usage").toString()).isEqualTo("{\"brands\":2,\"carriers\":6,\"ddiProviders\":2}");
        assertThat(shared.get("brands")).as("the names stay for the clients that read them").hasSize(2);
        assertThat(shared.get("providers")).hasSize(8);

        JsonNode confined = ok("/api/addresses/" + A, Tokens.brandAdmin(B2));
        assertThat(confined.get("usage").toString()).isEqualTo("{\"brands\":1,\"carriers\":1,\"ddiProviders\":1}");
        assertThat(texts(confined.get("brands"))).containsExactly(B2);

        // by name: "dq own" (B), then "dq shared" (A)
        JsonNode listed = ok("/api/addresses?name=dq&brand=" + B1, Tokens.brandAdmin(B1));
        assertThat(listed.get("total").asLong()).isEqualTo(2);
        assertThat(listed.findValues("usage").toString()).isEqualTo(
                "[{\"brands\":1,\"carriers\":1,\"ddiProviders\":0}, {\"brands\":1,\"carriers\":5,\"ddiProviders\":1}]");
    }

    @Test
    void theProvidersOfAnAddressAPageAtATimeByBrandAndProvider() {
        String path = "/api/addresses/" + A + "/providers";
        JsonNode first = ok(path + "?size=4", god);
        assertThat(first.get("total").asLong()).isEqualTo(8);
        assertThat(texts(first.get("items"))).containsExactly(B1 + "/CARRIER/c1", B1 + "/CARRIER/c2", B1 + "/CARRIER/c3",
                B1 + "/CARRIER/c4");
        assertThat(texts(ok(path + "?size=4&page=1", Tokens.service()).get("items"))).containsExactly(B1 + "/CARRIER/c5",
                B1 + "/DDI_PROVIDER/d1", B2 + "/CARRIER/c1", B2 + "/DDI_PROVIDER/d2");
        assertThat(ok(path + "?size=4&page=2", god).get("items")).isEmpty();
        assertThat(ok(path + "?kind=CARRIER", god).get("total").asLong()).isEqualTo(6);
        assertThat(texts(ok(path + "?kind=DDI_PROVIDER", god).get("items"))).containsExactly(B1 + "/DDI_PROVIDER/d1",
                B2 + "/DDI_PROVIDER/d2");

        assertThat(texts(ok(path, Tokens.brandAdmin(B2)).get("items"))).as("a brand admin's own only")
                .containsExactly(B2 + "/CARRIER/c1", B2 + "/DDI_PROVIDER/d2");
        assertThat(texts(ok("/api/addresses/" + B + "/providers", Tokens.brandAdmin(B1)).get("items")))
                .containsExactly(B1 + "/CARRIER/c6");
        assertRefused("/api/addresses/" + B + "/providers", Tokens.brandAdmin(B2), 404, null);
        assertRefused("/api/addresses/dq-none-" + RUN + "/providers", god, 404, null);

        assertRefused(path + "?kind=carrier", god, 400, "kind");
        assertRefused(path + "?kind=TRUNK", god, 400, "kind");
        assertRefused(path + "?size=201", god, 400, "size");
        assertRefused(path + "?page=-1", god, 400, "page");
        assertRefused("/api/addresses/dq-none-" + RUN + "/providers?kind=x", god, 400, "kind");
    }

    @Test
    void theBrandsOfAnAddressAPageAtATime() {
        String path = "/api/addresses/" + A + "/brands";
        JsonNode all = ok(path, god);
        assertThat(texts(all.get("items"))).containsExactly(B1, B2);
        assertThat(all.get("total").asLong()).isEqualTo(2);
        JsonNode second = ok(path + "?size=1&page=1", Tokens.service());
        assertThat(texts(second.get("items"))).containsExactly(B2);
        assertThat(second.get("total").asLong()).isEqualTo(2);

        assertThat(texts(ok(path, Tokens.brandAdmin(B1)).get("items"))).containsExactly(B1);
        JsonNode own = ok(path, Tokens.brandAdmin(B2));
        assertThat(texts(own.get("items"))).containsExactly(B2);
        assertThat(own.get("total").asLong()).isEqualTo(1);
        assertRefused("/api/addresses/" + B + "/brands", Tokens.brandAdmin(B2), 404, null);
        assertRefused("/api/addresses/dq-none-" + RUN + "/brands", god, 404, null);
        assertRefused(path + "?size=0", god, 400, "size");
        assertRefused(path + "?page=10001", god, 400, "page");
    }

    @Test
    void brandsByIdWithTheirCountsAsEachBrandShowsThem() {
        JsonNode page = ok("/api/brands?id=" + RUN, god);
        assertThat(page.get("total").asLong()).isEqualTo(3);
        assertThat(page.get("items").toString()).isEqualTo("["
                + "{\"brandId\":\"" + B1 + "\",\"state\":\"REGISTERED\",\"addresses\":2,\"carriers\":6,\"ddiProviders\":1},"
                + "{\"brandId\":\"" + B2 + "\",\"state\":\"REGISTERED\",\"addresses\":1,\"carriers\":1,\"ddiProviders\":1},"
                + "{\"brandId\":\"" + B3 + "\",\"state\":\"RETIRED\",\"addresses\":0,\"carriers\":0,\"ddiProviders\":0}]");
        for (JsonNode summary : page.get("items")) {
            JsonNode brand = ok("/api/brands/" + summary.get("brandId").asText(), god);
            assertThat(brand.get("state")).isEqualTo(summary.get("state"));
            for (String list : List.of("addresses", "carriers", "ddiProviders")) {
                assertThat(brand.get(list).size()).as(list + " of " + brand).isEqualTo(summary.get(list).asInt());
            }
        }
        JsonNode last = ok("/api/brands?size=2&page=1&id=" + RUN.toUpperCase(Locale.ROOT), Tokens.service());
        assertThat(last.findValuesAsText("brandId")).as("any case, paged").containsExactly(B3);
        assertThat(last.get("total").asLong()).isEqualTo(3);
        assertThat(ok("/api/brands?id=.*", god).get("total").asLong()).as("the filter is text, not a pattern").isZero();
        assertThat(ok("/api/brands?size=200", god).get("total").asLong()).isGreaterThanOrEqualTo(3);

        JsonNode own = ok("/api/brands", Tokens.brandAdmin(B2));
        assertThat(own.findValuesAsText("brandId")).containsExactly(B2);
        assertThat(own.get("total").asLong()).isEqualTo(1);
        assertThat(ok("/api/brands?id=" + B1, Tokens.brandAdmin(B2)).get("items")).as("another brand: nothing").isEmpty();
        assertThat(ok("/api/brands?id=dq", Tokens.brandAdmin("dq-unknown-" + RUN)).get("total").asLong()).isZero();

        Map.of("/api/brands?id=" + "x".repeat(101), "id", "/api/brands?id=", "id", "/api/brands?size=201", "size",
                "/api/brands?page=51&size=200", "page", "/api/brands?page=x", "page")
                .forEach((path, field) -> assertRefused(path, god, 400, field));
    }
}
