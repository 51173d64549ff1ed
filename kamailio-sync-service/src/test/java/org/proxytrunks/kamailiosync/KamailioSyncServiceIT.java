package org.proxytrunks.kamailiosync;

import org.junit.jupiter.api.Test;
import org.proxytrunks.embedded.SharedTestStack;
import org.proxytrunks.testing.RunningService;
import org.proxytrunks.testing.Tokens;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class KamailioSyncServiceIT {

    @Test
    void bootsAnswersHealthAndGuardsEverythingElse() {
        SharedTestStack stack = SharedTestStack.get();
        Map<String, Object> properties = RunningService.wiredTo(stack, stack.mongo().connectionString(), "sync-smoke");
        properties.put("proxytrunks.kamailio.config-directory", stack.directory().resolve("sync-smoke/proxytrunks").toString());
        properties.put("proxytrunks.kamailio.tables-directory", stack.directory().resolve("sync-smoke/tables").toString());
        try (RunningService service = RunningService.start(KamailioSyncServiceApplication.application(), properties)) {
            assertThat(service.send("GET", "/actuator/health", null, null).status()).isEqualTo(200);
            assertThat(service.send("GET", "/v3/api-docs", null, null).status()).isEqualTo(401);
            assertThat(service.send("GET", "/api/status", null, null).status()).isEqualTo(401);
            assertThat(service.send("GET", "/api/status", Tokens.brandAdmin("b1"), null).status()).isEqualTo(403);
            assertThat(service.send("GET", "/api/status", Tokens.god(), null).status()).isEqualTo(200);
            assertThat(service.send("GET", "/actuator/prometheus", Tokens.service(), null).body()).contains("jvm_memory")
                    .contains("proxytrunks_parked_records").contains("proxytrunks_kamailio_restarts_total");
            RunningService.Response health = service.send("GET", "/actuator/health", Tokens.god(), null);
            assertThat(health.json().path("components").path("applier").path("status").asText()).isEqualTo("UP");
            assertThat(health.json().path("components").path("feed").path("details").has("parkedRecords")).isTrue();

            assertThat(service.send("GET", "/api/parked", Tokens.brandAdmin("b1"), null).status()).isEqualTo(403);
            RunningService.Response parked = service.send("GET", "/api/parked", Tokens.service(), null);
            assertThat(parked.status()).isEqualTo(200);
            assertThat(parked.json().has("count")).isTrue();
            assertThat(service.send("GET", "/api/parked?limit=0", Tokens.god(), null).status()).isEqualTo(400);

            assertThat(service.send("POST", "/api/rebuild", Tokens.service(), null).status()).as("God only").isEqualTo(403);
            assertThat(service.send("POST", "/api/rebuild", null, null).status()).isEqualTo(401);
        }
    }
}
