package org.proxytrunks.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.proxytrunks.testing.RunningService.Response;
import org.proxytrunks.embedded.SharedTestStack;
import org.proxytrunks.events.Topics;
import org.proxytrunks.testing.Tokens;
import org.proxytrunks.testing.TopicReader;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/** The read side: commands through the command services, then the query API, the audit log, access and replay. */
class ProjectorIT {

    private final Platform platform = Platform.get();
    private final String god = Tokens.god();

    /** Asks the projector until the answer satisfies {@code ready}, up to 60 s. */
    private Response await(String path, String token, Predicate<Response> ready) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Response response = platform.projector.send("GET", path, token, null);
        while (!ready.test(response) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            response = platform.projector.send("GET", path, token, null);
        }
        return response;
    }

    /** Every item of a paged query, page after page, as JSON text. */
    private List<String> everyItem(String path) {
        List<String> items = new ArrayList<>();
        for (int page = 0; ; page++) {
            Response response = platform.projector.send("GET", path + "?size=200&page=" + page, god, null);
            assertThat(response.status()).isEqualTo(200);
            response.json().get("items").forEach(item -> items.add(item.toString()));
            if (items.size() >= response.json().get("total").asLong() || response.json().get("items").isEmpty()) {
                return items;
            }
        }
    }

    @Test
    void theQueryApiFollowsTheCommandsAndTheAuditLogNamesTheActor() throws Exception {
        String address = platform.addAddress("projected", "127.0.4.1");
        assertThat(platform.defineBrand(god, "proj-a", "proxytrunks", address).status()).isEqualTo(200);
        String admin = Tokens.brandAdmin("proj-a");
        assertThat(platform.setProvider(admin, "proj-a", "carriers", "c9", address).status()).isEqualTo(200);

        // the carrier's id as a JSON string: the address's id (a UUID) may contain the letters "c9"
        Response brand = await("/api/brands/proj-a", god, r -> r.status() == 200 && r.body().contains("\"c9\""));
        assertThat(brand.json().get("carriers").get(0).get("addressId").asText()).isEqualTo(address);
        assertThat(brand.json().get("addresses").toString()).contains("127.0.4.1");

        Response carrier = await("/api/brands/proj-a/carriers/c9", Tokens.service(), r -> r.status() == 200);
        assertThat(carrier.json().get("sockets").get("udp").asText()).isEqualTo("udp:127.0.4.1:5060");
        assertThat(carrier.json().get("sockets").get("tls").asText()).isEqualTo("tls:127.0.4.1:5061");

        Response viewed = await("/api/addresses/" + address, god, r -> r.status() == 200 && r.body().contains("\"c9\""));
        assertThat(viewed.json().get("brands").toString()).contains("proj-a");
        assertThat(platform.addresses.send("PATCH", "/api/addresses/" + address, god, "{\"ip\":\"::1\"}").status()).isEqualTo(200);
        assertThat(await("/api/brands/proj-a/carriers/c9", god, r -> r.body().contains("[::1]"))
                .json().get("sockets").get("udp").asText()).isEqualTo("udp:[::1]:5060");

        Response audit = await("/api/audit?aggregate=brand:proj-a&type=ProviderAddressSetEvent", god,
                r -> r.status() == 200 && r.json().get("total").asLong() >= 1);
        JsonNode entry = audit.json().get("items").get(0);
        assertThat(entry.get("actor").get("subject").asText()).isEqualTo("brand-admin-proj-a");
        assertThat(entry.get("actor").get("role").asText()).isEqualTo("BRAND_ADMIN");
        assertThat(entry.get("payload").get("providerId").asText()).isEqualTo("c9");
        assertThat(entry.get("time").asText()).isNotBlank();

        Response byName = await("/api/addresses?name=PROJECT&ipPrefix=::", god, r -> r.json().get("total").asLong() >= 1);
        assertThat(byName.json().get("items").get(0).get("id").asText()).isEqualTo(address);
        assertThat(platform.projector.send("GET", "/api/addresses?ipPrefix=.*", god, null).status()).isEqualTo(400);
        assertThat(platform.projector.send("GET", "/api/addresses?size=0", god, null).status()).isEqualTo(400);
        assertThat(platform.projector.send("GET", "/api/audit?from=yesterday", god, null).status()).isEqualTo(400);
    }

    @Test
    void aClientReadsItsOwnWritesByWaitingForTheEventPosition() {
        String address = platform.addAddress("read your writes", "127.0.4.31");
        Response registered = platform.defineBrand(god, "proj-ryw", address);
        String position = registered.headers().get("x-event-position").get(0);
        assertThat(position).startsWith("brand:proj-ryw:");
        Response brand = platform.projector.send("GET", "/api/brands/proj-ryw?waitFor=" + position, god, null);
        assertThat(brand.status()).as(brand.toString()).isEqualTo(200);
        assertThat(brand.body()).contains(address);

        Response moved = platform.setProvider(god, "proj-ryw", "carriers", "w1", null);
        String providerPosition = moved.headers().get("x-event-position").get(0);
        Response carrier = platform.projector.send("GET", "/api/brands/proj-ryw/carriers/w1?waitFor=" + providerPosition, god, null);
        assertThat(carrier.status()).isEqualTo(200);
        assertThat(carrier.json().get("sockets").get("udp").asText()).isEqualTo("udp:127.0.4.31:5060");

        Response renamed = platform.addresses.send("PATCH", "/api/addresses/" + address, god, "{\"name\":\"renamed at once\"}");
        Response seen = platform.projector.send("GET", "/api/addresses/" + address + "?waitFor="
                + renamed.headers().get("x-event-position").get(0), god, null);
        assertThat(seen.json().get("name").asText()).isEqualTo("renamed at once");

        assertThat(platform.projector.send("GET", "/api/brands/proj-ryw?waitFor=brand:proj-ryw:999999", god, null).status())
                .isEqualTo(503);
        assertThat(platform.projector.send("GET", "/api/brands/proj-ryw?waitFor=nonsense", god, null).status()).isEqualTo(400);
    }

    @Test
    void aBrandAdminNeverSeesAnotherBrand() throws Exception {
        String mine = platform.addAddress("mine", "127.0.4.11");
        String theirs = platform.addAddress("theirs", "127.0.4.12");
        assertThat(platform.defineBrand(god, "proj-mine", mine).status()).isEqualTo(200);
        assertThat(platform.defineBrand(god, "proj-theirs", theirs, mine).status()).isEqualTo(200);
        assertThat(platform.setProvider(god, "proj-theirs", "carriers", "t1", mine).status()).isEqualTo(200);
        assertThat(platform.setProvider(god, "proj-mine", "ddi-providers", "m1", null).status()).isEqualTo(200);
        await("/api/brands/proj-theirs/carriers/t1", god, r -> r.status() == 200);
        await("/api/brands/proj-mine/ddi-providers/m1", god, r -> r.status() == 200);

        String admin = Tokens.brandAdmin("proj-mine");
        Response list = platform.projector.send("GET", "/api/addresses?size=200", admin, null);
        assertThat(list.status()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        list.json().get("items").forEach(a -> {
            ids.add(a.get("id").asText());
            a.get("brands").forEach(b -> assertThat(b.asText()).isEqualTo("proj-mine"));
            a.get("providers").forEach(p -> assertThat(p.get("brandId").asText()).isEqualTo("proj-mine"));
        });
        assertThat(ids).containsExactly(mine);
        assertThat(list.body()).doesNotContain("proj-theirs").doesNotContain("t1");

        assertThat(platform.projector.send("GET", "/api/addresses/" + theirs, admin, null).status()).isEqualTo(404);
        assertThat(platform.projector.send("GET", "/api/addresses/" + mine, admin, null).body()).doesNotContain("proj-theirs");
        assertThat(platform.projector.send("GET", "/api/addresses?brand=proj-theirs", admin, null).status()).isEqualTo(403);
        assertThat(platform.projector.send("GET", "/api/brands/proj-theirs", admin, null).status()).isEqualTo(403);
        assertThat(platform.projector.send("GET", "/api/brands/proj-theirs/carriers/t1", admin, null).status()).isEqualTo(403);
        assertThat(platform.projector.send("GET", "/api/brands/proj-mine", admin, null).status()).isEqualTo(200);
        assertThat(platform.projector.send("GET", "/api/brands/proj-mine/ddi-providers/m1", admin, null).status()).isEqualTo(200);

        Response audit = platform.projector.send("GET", "/api/audit?size=200", admin, null);
        assertThat(audit.status()).isEqualTo(200);
        assertThat(audit.json().get("total").asLong()).isPositive();
        audit.json().get("items").forEach(e -> assertThat(e.get("aggregate").asText()).isEqualTo("brand:proj-mine"));
        assertThat(platform.projector.send("GET", "/api/audit?brand=proj-theirs", admin, null).status()).isEqualTo(403);
        assertThat(platform.projector.send("GET", "/api/audit?aggregate=brand:proj-theirs", admin, null).json().get("total").asLong())
                .isZero();
        assertThat(platform.projector.send("POST", "/api/replay", admin, null).status()).isEqualTo(403);
        assertThat(platform.projector.send("GET", "/api/replay", admin, null).status()).isEqualTo(403);

        for (String path : List.of("/api/addresses", "/api/addresses/" + mine, "/api/brands/proj-mine",
                "/api/brands/proj-mine/carriers/t1", "/api/brands/proj-mine/ddi-providers/m1", "/api/audit", "/api/replay")) {
            assertThat(platform.projector.send("GET", path, null, null).status()).as(path).isEqualTo(401);
        }
    }

    /** The dashboard moved to the gateway (DashboardBrowserIT); the projector serves data only, and only with a token. */
    @Test
    void theProjectorServesNoPageOnlyDataWithAToken() {
        for (String path : List.of("/", "/index.html", "/dashboard.js")) {
            Response page = platform.projector.send("GET", path, null, null);
            assertThat(page.status()).as(path).isEqualTo(401);
            assertThat(page.contentType()).as(path).startsWith("application/problem+json");
        }
    }

    @Test
    void aReplayRebuildsTheSameReadModelsWhileQueriesKeepBeingAnswered() throws Exception {
        String address = platform.addAddress("replayed", "127.0.4.21");
        assertThat(platform.defineBrand(god, "proj-replay", address).status()).isEqualTo(200);
        assertThat(platform.setProvider(god, "proj-replay", "carriers", "r1", null).status()).isEqualTo(200);
        await("/api/brands/proj-replay/carriers/r1", god, r -> r.status() == 200);
        TopicReader.awaitQuiet(SharedTestStack.get().kafka().bootstrapServers(), List.of(Topics.ADDRESSES, Topics.ASSIGNMENTS),
                Duration.ofSeconds(3), Duration.ofSeconds(90));
        List<String> settled = everyItem("/api/audit");
        for (int i = 0; i < 60; i++) {
            Thread.sleep(1000);
            List<String> again = everyItem("/api/audit");
            if (again.equals(settled)) {
                break;
            }
            settled = again;
        }

        List<String> addressesBefore = everyItem("/api/addresses");
        List<String> auditBefore = everyItem("/api/audit");
        assertThat(auditBefore).hasSizeGreaterThan(3);
        String brandBefore = platform.projector.send("GET", "/api/brands/proj-replay", god, null).body();

        Response started = platform.projector.send("POST", "/api/replay", god, null);
        assertThat(started.status()).isEqualTo(202);
        int generation = started.json().get("generation").asInt();
        int answeredDuring = 0;
        Response status = platform.projector.send("GET", "/api/replay", god, null);
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!"DONE".equals(status.json().get("state").asText()) && System.nanoTime() < deadline) {
            Response during = platform.projector.send("GET", "/api/brands/proj-replay", god, null);
            assertThat(during.status()).as("queries answer during the replay").isEqualTo(200);
            assertThat(during.body()).isEqualTo(brandBefore);
            answeredDuring++;
            status = platform.projector.send("GET", "/api/replay", god, null);
        }
        assertThat(status.json().get("state").asText()).isEqualTo("DONE");
        assertThat(status.json().get("generation").asInt()).isEqualTo(generation);
        assertThat(status.json().get("done").asLong()).isEqualTo(status.json().get("total").asLong());
        assertThat(answeredDuring).isPositive();

        assertThat(everyItem("/api/addresses")).isEqualTo(addressesBefore);
        assertThat(everyItem("/api/audit")).isEqualTo(auditBefore);
        assertThat(platform.projector.send("GET", "/api/brands/proj-replay", god, null).body()).isEqualTo(brandBefore);
    }
}
