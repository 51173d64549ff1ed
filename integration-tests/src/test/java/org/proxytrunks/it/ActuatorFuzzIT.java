package org.proxytrunks.it;

import com.fasterxml.jackson.databind.JsonNode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.proxytrunks.testing.HostileInputs;
import org.proxytrunks.testing.Tokens;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The actuator's endpoints under hostile paths and query parameters ({@link EndpointFuzzIT}
 * covers the request-mapped endpoints; the actuator's are mapped apart): never a 5xx, and every
 * refusal a problem detail, for God, a brand admin and no token. It found the bare 404 of an
 * unknown health component (now a problem: ActuatorProblemFilter).
 */
class ActuatorFuzzIT {

    private static final List<String> ENDPOINTS = List.of("/actuator/health/", "/actuator/info/", "/actuator/prometheus/",
            "/actuator/health/liveness/", "/actuator/");

    private final Platform platform = Platform.get();

    @Property(tries = 150)
    void theActuatorRefusesWithProblems(@ForAll("endpoint") String endpoint, @ForAll("segment") String segment,
                                        @ForAll("caller") String token, @ForAll("service") int service) {
        int port = List.of(platform.addresses.port(), platform.assignments.port(), platform.projector.port()).get(service);
        String target = endpoint + segment + "?name=" + segment;
        RawHttp.Answer answer = RawHttp.send(port, new RawHttp.Request("GET", target,
                token.isEmpty() ? Map.of() : Map.of("Authorization", "Bearer " + token), null, false));
        String as = target + " as " + (token.isEmpty() ? "nobody" : "a caller") + ": " + answer;
        if (answer.http09()) {
            // a request line Tomcat cannot read (a space or line break in the target): a body alone, still a problem
            assertThat(answer.json()).as(as).isNotNull();
            return;
        }
        assertThat(answer.status()).as(as).isLessThan(500);
        if (answer.status() >= 400) {
            assertThat(answer.contentType()).as(as).startsWith("application/problem+json");
            JsonNode problem = answer.json();
            assertThat(problem).as(as).isNotNull();
            assertThat(problem.path("status").asInt()).as(as).isEqualTo(answer.status());
            assertThat(problem.path("title").asText()).as(as).isNotBlank();
        }
    }

    @Provide
    Arbitrary<String> endpoint() {
        return Arbitraries.of(ENDPOINTS);
    }

    @Provide
    Arbitrary<String> segment() {
        return HostileInputs.pathSegments();
    }

    @Provide
    Arbitrary<String> caller() {
        return Arbitraries.of(Tokens.god(), Tokens.brandAdmin("fz-actuator"), "");
    }

    @Provide
    Arbitrary<Integer> service() {
        return Arbitraries.integers().between(0, 2);
    }
}
