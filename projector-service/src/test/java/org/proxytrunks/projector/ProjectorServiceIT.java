package org.proxytrunks.projector;

import org.junit.jupiter.api.Test;
import org.proxytrunks.embedded.SharedTestStack;
import org.proxytrunks.testing.RunningService;
import org.proxytrunks.testing.Tokens;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

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
}
