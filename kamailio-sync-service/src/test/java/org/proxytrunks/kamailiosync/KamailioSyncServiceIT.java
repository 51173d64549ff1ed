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
            assertThat(service.send("GET", "/actuator/prometheus", Tokens.service(), null).body()).contains("jvm_memory");
        }
    }
}
