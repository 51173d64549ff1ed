package org.proxytrunks.projector;

import org.junit.jupiter.api.Test;
import org.proxytrunks.embedded.SharedTestStack;
import org.proxytrunks.testing.RunningService;
import org.proxytrunks.testing.RunningService.Response;
import org.proxytrunks.testing.Tokens;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProjectorServiceIT {

    @Test
    void bootsAnswersHealthAndGuardsEverythingElse() {
        SharedTestStack stack = SharedTestStack.get();
        Map<String, Object> properties = RunningService.wiredTo(stack, stack.mongo().connectionString(), "projector-smoke");
        try (RunningService service = RunningService.start(ProjectorServiceApplication.application(), properties)) {
            assertThat(service.send("GET", "/actuator/health", null, null).status()).isEqualTo(200);
            assertThat(service.send("GET", "/v3/api-docs", null, null).status()).isEqualTo(401);
            assertThat(service.send("GET", "/actuator/prometheus", Tokens.service(), null).body()).contains("jvm_memory");
        }
    }

    @Test
    void actuatorEndpointsOtherThanHealthAreForGodAndServicesAndEveryTokenMustExpire() {
        SharedTestStack stack = SharedTestStack.get();
        Map<String, Object> properties = RunningService.wiredTo(stack, stack.mongo().connectionString(), "projector-actuator");
        try (RunningService service = RunningService.start(ProjectorServiceApplication.application(), properties)) {
            String admin = Tokens.brandAdmin("actuator-b");
            for (String path : List.of("/actuator/prometheus", "/actuator/info", "/actuator")) {
                Response refused = service.send("GET", path, admin, null);
                assertThat(refused.status()).as(path).isEqualTo(403);
                assertThat(refused.contentType()).startsWith("application/problem+json");
                assertThat(service.send("GET", path, Tokens.service(), null).status()).as(path).isEqualTo(200);
                assertThat(service.send("GET", path, Tokens.god(), null).status()).as(path).isEqualTo(200);
            }
            assertThat(service.send("GET", "/actuator/health", admin, null).status()).isEqualTo(200);

            Response neverExpires = service.send("GET", "/api/audit", Tokens.godWithoutExpiry(), null);
            assertThat(neverExpires.status()).isEqualTo(401);
            assertThat(neverExpires.contentType()).startsWith("application/problem+json");
            assertThat(neverExpires.json().get("detail").asText()).contains("expiry");
            assertThat(service.send("GET", "/api/audit", Tokens.god(), null).status()).isEqualTo(200);
        }
    }

    @Test
    void withoutATokenAudienceTheServiceRefusesToStart() {
        SharedTestStack stack = SharedTestStack.get();
        Map<String, Object> properties = RunningService.wiredTo(stack, stack.mongo().connectionString(), "projector-no-audience");
        properties.put("proxytrunks.security.jwt.audience", "");
        assertThatThrownBy(() -> RunningService.start(ProjectorServiceApplication.application(), properties).close())
                .hasStackTraceContaining("No token audience: set JWT_AUDIENCE");
    }
}
