package org.proxytrunks.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.proxytrunks.testing.RunningService.Response;
import org.proxytrunks.testing.Tokens;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The inputs with which the endpoint fuzz ({@code EndpointFuzzIT}) broke an endpoint, each kept as a plain example. */
class EndpointFuzzFindingsIT {

    private final Platform platform = Platform.get();

    private RawHttp.Answer send(int port, String method, String target, Map<String, String> headers, String body) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put("Authorization", "Bearer " + Tokens.god());
        return RawHttp.send(port, new RawHttp.Request(method, target, all, body == null ? null : body.getBytes(StandardCharsets.UTF_8), false));
    }

    private static void assertProblem(RawHttp.Answer answer, int status, String as) {
        assertThat(answer.status()).as(as + ": " + answer).isEqualTo(status);
        assertThat(answer.contentType()).as(as + ": " + answer).startsWith("application/problem+json");
        JsonNode problem = answer.json();
        assertThat(problem).as(as + ": " + answer).isNotNull();
        assertThat(problem.path("title").asText()).as(as).isNotBlank();
        assertThat(problem.path("status").asInt()).as(as).isEqualTo(status);
    }

    /** Tomcat refused these before any service code ran, with its HTML error page. */
    @Test
    void aPathTomcatCannotReadIsRefusedWithAProblem() {
        for (String target : List.of("/api/addresses/a%2Fb/removal", "/api/addresses/%ff/removal", "/api/addresses/a%00b/removal",
                "/api/addresses/a%5cb/removal", "/api/addresses/x%ed%a0%80y/removal")) {
            assertProblem(send(platform.addresses.port(), "GET", target, Map.of(), null), 400, target);
        }
    }

    /** Spring Security's firewall refused these with an error that Spring Boot's error page rendered as JSON of its own. */
    @Test
    void aRequestTheFirewallRefusesIsRefusedWithAProblem() {
        for (String target : List.of("/api/addresses/a;b/removal", "/api/addresses//removal", "/api/addresses/%2e%2e/removal",
                "/api/addresses/%25/removal", "/api/addresses/%E2%80%A8/removal")) {
            assertProblem(send(platform.addresses.port(), "GET", target, Map.of(), null), 400, target);
        }
        assertProblem(send(platform.addresses.port(), "PATCH", "/api/addresses/a;bx%", Map.of("Content-Type", "application/json"),
                "{\"name\":null,\"ip\":\"192.0.2.0\",\"advertisedIp\":true}"), 400, "PATCH a;bx%");
        assertProblem(send(platform.addresses.port(), "PROPFIND", "/api/addresses", Map.of(), null), 400, "PROPFIND");
    }

    /**
     * Once the firewall ran first, a method it refuses answered 400 to a body over the limit,
     * which is 413 whatever the method. Tomcat refuses a TRACE itself, with or without a body, before
     * any filter: a 405 problem, which the firewall's refusal on the way to the error page had made a 400.
     */
    @Test
    void aBodyOverTheLimitIs413AndATraceIs405() {
        String body = "[".repeat(20_000);
        for (String method : List.of("PROPFIND", "POST")) {
            assertProblem(send(platform.addresses.port(), method, "/api/addresses", Map.of("Content-Type", "application/json"), body),
                    413, method + " with 20,000 bytes");
        }
        assertProblem(send(platform.addresses.port(), "TRACE", "/api/addresses", Map.of("Content-Type", "application/json"), body),
                405, "TRACE with 20,000 bytes");
        assertProblem(send(platform.addresses.port(), "TRACE", "/api/addresses", Map.of(), null), 405, "TRACE");
    }

    /**
     * Spring's form filter parsed the form body of a PATCH before any endpoint ran, and a broken
     * escape in it was a 500 (every endpoint reads JSON, so the filter is off).
     */
    @Test
    void aFormBodyWithABrokenEscapeIsRefusedWithAProblem() {
        RawHttp.Answer answer = send(platform.addresses.port(), "PATCH", "/api/addresses/proxytrunks",
                Map.of("Content-Type", "application/x-www-form-urlencoded"), "{\"name\":\"%s\",\"ip\":\"127.77.1.1\"}");
        assertThat(answer.status()).as(answer.toString()).isBetween(400, 499);
        assertProblem(answer, answer.status(), "PATCH with a form body");
    }

    /** The actuator answered an unknown health component with a bare 404, no body (every service; fails without ActuatorProblemFilter). */
    @Test
    void anUnknownActuatorPathIsRefusedWithAProblem() {
        for (int port : List.of(platform.addresses.port(), platform.assignments.port(), platform.projector.port())) {
            assertProblem(send(port, "GET", "/actuator/health/no-such-component", Map.of(), null), 404, "port " + port);
        }
        RawHttp.Answer health = send(platform.addresses.port(), "GET", "/actuator/health", Map.of(), null);
        assertThat(health.status()).as("health itself").isEqualTo(200);
        assertThat(health.json().path("status").asText()).as("health itself").isIn("UP", "DEGRADED");
    }

    /** The assignment service answered 500 (the brand's aggregate was not found) instead of naming the brand unknown. */
    @Test
    void givingAnAddressToABrandNeverRegisteredIsA404() {
        RawHttp.Answer answer = send(platform.assignments.port(), "POST", "/api/brands/fz-never-registered/addresses/proxytrunks", Map.of(), null);
        assertProblem(answer, 404, "an unregistered brand");
        assertThat(answer.json().path("type").asText()).endsWith("/brand-not-found");
    }

    /** Spring reads a wildcard Content-Type and then refuses to keep it with an IllegalArgumentException, which was a 500. */
    @Test
    void aBodyWithAWildcardContentTypeIsA415() {
        for (String type : List.of("*/*", "application/*")) {
            assertProblem(send(platform.addresses.port(), "PATCH", "/api/addresses/proxytrunks", Map.of("Content-Type", type),
                    "{\"name\":\"Madrid\"}"), 415, type);
            assertProblem(send(platform.assignments.port(), "PUT", "/api/brands/fz-wildcard", Map.of("Content-Type", type),
                    "{\"addressIds\":[\"proxytrunks\"]}"), 415, type);
        }
    }

    /**
     * The 204 of a removal named the position of the removal's start (the request's own last
     * event), which the handshake follows with the removal itself, stored on another thread: read
     * there, the address was still there, retiring.
     */
    @Test
    void theRemovalOfAnAddressNamesThePositionOfTheRemoval() {
        String id = platform.addAddress("fuzz finding", "127.78.0.1");
        Response removed = platform.removeAddress(id);
        assertThat(removed.status()).as(removed.toString()).isEqualTo(204);
        String position = removed.headers().get("X-Event-Position").get(0);
        JsonNode removal = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> platform.projector.send("GET", "/api/audit?type=AddressRemovedEvent&aggregate=" + id, Tokens.god(), null).json(),
                        audit -> audit.path("total").asLong() == 1)
                .path("items").get(0);
        assertThat(position).isEqualTo(id + ":" + removal.path("sequence").asLong());
        Response view = platform.projector.send("GET", "/api/addresses/" + id + "?waitFor=" + URLEncoder.encode(position, StandardCharsets.UTF_8),
                Tokens.god(), null);
        assertThat(view.status()).as("read at " + position + ": " + view).isEqualTo(404);
    }
}
