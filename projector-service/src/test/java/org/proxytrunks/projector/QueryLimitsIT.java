package org.proxytrunks.projector;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.proxytrunks.embedded.SharedTestStack;
import org.proxytrunks.events.AddressId;
import org.proxytrunks.events.BrandId;
import org.proxytrunks.events.Topics;
import org.proxytrunks.events.assignment.BrandRegisteredEvent;
import org.proxytrunks.testing.EventWriter;
import org.proxytrunks.testing.RunningService;
import org.proxytrunks.testing.RunningService.Response;
import org.proxytrunks.testing.Tokens;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a query may cost the projector: {@code waitFor} is authorized before any waiting, the
 * waiting requests are bounded and woken by the projection, and paging is bounded.
 */
class QueryLimitsIT {

    private static final int MAX_WAITERS = 3;
    private static final Duration WAIT_FOR = Duration.ofSeconds(5);

    private static RunningService projector;
    private static EventWriter writer;

    private final String god = Tokens.god();
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void start() {
        SharedTestStack stack = SharedTestStack.get();
        Map<String, Object> properties = RunningService.wiredTo(stack, stack.mongo().connectionString(), "projector-limits");
        properties.put("proxytrunks.projector.max-waiters", MAX_WAITERS);
        properties.put("proxytrunks.projector.wait-for", WAIT_FOR.toMillis() + "ms");
        projector = RunningService.start(ProjectorServiceApplication.application(), properties);
        writer = new EventWriter(stack.kafka().bootstrapServers());
    }

    @AfterAll
    static void stop() {
        writer.close();
        projector.close();
    }

    private void registerBrand(String brand) {
        writer.publish(Topics.ASSIGNMENTS, "brand:" + brand, 0, new BrandRegisteredEvent(new BrandId(brand),
                List.of(new AddressId("addr-" + brand))));
    }

    private static Duration timed(Runnable call) {
        long start = System.nanoTime();
        call.run();
        return Duration.ofNanos(System.nanoTime() - start);
    }

    @Test
    void aBrandAdminWaitsOnlyOnItsOwnBrandAndIsRefusedAtOnceElsewhere() {
        String mine = "mine-" + run;
        String admin = Tokens.brandAdmin(mine);
        for (String position : List.of("brand:other-" + run + ":999999", "address-usage:addr-" + mine + ":999999",
                "addr-" + mine + ":999999")) {
            Response[] refused = new Response[1];
            Duration took = timed(() -> refused[0] = projector.send("GET", "/api/brands/" + mine + "?waitFor=" + position, admin, null));
            assertThat(refused[0].status()).as(position).isEqualTo(403);
            assertThat(refused[0].contentType()).startsWith("application/problem+json");
            assertThat(took).as("refused before any waiting: " + position).isLessThan(WAIT_FOR.dividedBy(2));
        }

        registerBrand(mine);
        Response own = projector.send("GET", "/api/brands/" + mine + "?waitFor=brand:" + mine + ":0", admin, null);
        assertThat(own.status()).as(own.toString()).isEqualTo(200);
        assertThat(own.json().get("brandId").asText()).isEqualTo(mine);
        assertThat(projector.send("GET", "/api/brands/" + mine + "?waitFor=brand:" + mine + ":0", god, null).status())
                .isEqualTo(200);
    }

    @Test
    void waitingRequestsAreBoundedAndWokenByTheProjection() throws Exception {
        String unreachable = "/api/audit?waitFor=brand:never-" + run + ":999999";
        List<CompletableFuture<Response>> waiting = new ArrayList<>();
        for (int i = 0; i < MAX_WAITERS; i++) {
            waiting.add(CompletableFuture.supplyAsync(() -> projector.send("GET", unreachable, god, null)));
        }
        Thread.sleep(1000);
        Response[] over = new Response[1];
        Duration took = timed(() -> over[0] = projector.send("GET", unreachable, god, null));
        assertThat(over[0].status()).as(over[0].toString()).isEqualTo(429);
        assertThat(over[0].headers().get("retry-after")).containsExactly("1");
        assertThat(over[0].contentType()).startsWith("application/problem+json");
        assertThat(took).as("refused without waiting").isLessThan(WAIT_FOR.dividedBy(2));
        assertThat(projector.send("GET", "/api/audit?size=1", god, null).status()).as("queries without waitFor still answer")
                .isEqualTo(200);
        for (CompletableFuture<Response> wait : waiting) {
            assertThat(wait.get().status()).isEqualTo(503);
        }

        String late = "late-" + run;
        CompletableFuture<Response> woken = CompletableFuture.supplyAsync(
                () -> projector.send("GET", "/api/brands/" + late + "?waitFor=brand:" + late + ":0", god, null));
        Thread.sleep(300);
        long published = System.nanoTime();
        registerBrand(late);
        Response answered = woken.get();
        assertThat(answered.status()).as("the waiters' places were given back: " + answered).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - published)).as("woken when projected").isLessThan(WAIT_FOR);
    }

    @Test
    void pagingIsBoundedAndTheProblemNamesTheField() {
        assertThat(projector.send("GET", "/api/audit?page=50&size=200", god, null).status()).isEqualTo(200);
        assertThat(projector.send("GET", "/api/addresses?page=0&size=200", god, null).status()).isEqualTo(200);
        Map<String, String> refused = Map.of(
                "/api/audit?page=0&size=201", "size",
                "/api/addresses?size=0", "size",
                "/api/audit?page=51&size=200", "page",
                "/api/addresses?page=100000&size=500", "page",
                "/api/audit?page=-1", "page",
                "/api/audit?page=2147483647&size=200", "page");
        refused.forEach((path, field) -> {
            Response response = projector.send("GET", path, god, null);
            assertThat(response.status()).as(path).isEqualTo(400);
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.json().get("errors").findValuesAsText("field")).as(path).contains(field);
        });
    }
}
