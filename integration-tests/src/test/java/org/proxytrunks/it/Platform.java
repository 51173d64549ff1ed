package org.proxytrunks.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.proxytrunks.address.AddressServiceApplication;
import org.proxytrunks.assignment.AssignmentServiceApplication;
import org.proxytrunks.embedded.SharedTestStack;
import org.proxytrunks.projector.ProjectorServiceApplication;
import org.proxytrunks.testing.RunningService;
import org.proxytrunks.testing.RunningService.Response;
import org.proxytrunks.testing.Tokens;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The address, assignment and projector services, started once for the test JVM against the shared embedded stack. */
final class Platform {

    private static Platform instance;

    final RunningService addresses;
    final RunningService assignments;
    final RunningService projector;
    private final int syncPort;
    private SyncWithoutKamailio.Started sync;

    private Platform(RunningService addresses, RunningService assignments, RunningService projector, int syncPort) {
        this.addresses = addresses;
        this.assignments = assignments;
        this.projector = projector;
        this.syncPort = syncPort;
    }

    /**
     * The services ask a kamailio-sync-service for the Kamailio effect of a previewed command
     * ({@code dryRun=true}) on a port reserved here, and the address service asks the assignment
     * service for the other side of a previewed removal. That sync service starts with the first
     * call of {@link #sync()}; until then a preview says Kamailio's effect is unavailable.
     */
    static synchronized Platform get() {
        if (instance == null) {
            SharedTestStack stack = SharedTestStack.get();
            String run = UUID.randomUUID().toString().substring(0, 8);
            int syncPort = SharedTestStack.freePort();
            String syncUrl = "http://127.0.0.1:" + syncPort;
            Map<String, Object> assignmentProperties = RunningService.wiredTo(stack, stack.mongo().connectionString(), "it-assignments-" + run);
            assignmentProperties.put("proxytrunks.dry-run.kamailio-sync-url", syncUrl);
            RunningService assignments = RunningService.start(AssignmentServiceApplication.application(), assignmentProperties);
            Map<String, Object> addressProperties = RunningService.wiredTo(stack, stack.mongo().connectionString(), "it-addresses-" + run);
            addressProperties.put("proxytrunks.address.removal-wait", "15s");
            addressProperties.put("proxytrunks.dry-run.kamailio-sync-url", syncUrl);
            addressProperties.put("proxytrunks.dry-run.assignment-service-url", "http://127.0.0.1:" + assignments.port());
            RunningService addresses = RunningService.start(AddressServiceApplication.application(), addressProperties);
            Map<String, Object> projectorProperties = RunningService.wiredTo(stack, stack.mongo().connectionString(), "it-projections-" + run);
            projectorProperties.put("proxytrunks.projector.wait-for", "3s");
            RunningService projector = RunningService.start(ProjectorServiceApplication.application(), projectorProperties);
            Platform platform = new Platform(addresses, assignments, projector, syncPort);
            instance = platform;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                platform.closeSync();
                projector.close();
                assignments.close();
                addresses.close();
            }));
        }
        return instance;
    }

    /** The kamailio-sync-service (without a Kamailio) that the services ask about previews, started on first use. */
    synchronized SyncWithoutKamailio.Started sync() {
        if (sync == null) {
            sync = SyncWithoutKamailio.start("platform", syncPort);
        }
        return sync;
    }

    private synchronized void closeSync() {
        if (sync != null) {
            sync.service().close();
        }
    }

    /** Adds an address as God and answers its id. */
    String addAddress(String name, String ip) {
        Response created = addresses.send("POST", "/api/addresses", Tokens.god(),
                "{\"name\":\"" + name + "\",\"ip\":\"" + ip + "\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asText();
    }

    Response defineBrand(String token, String brand, String... addressIds) {
        StringBuilder body = new StringBuilder("{\"addressIds\":[");
        for (int i = 0; i < addressIds.length; i++) {
            body.append(i == 0 ? "" : ",").append('"').append(addressIds[i]).append('"');
        }
        return assignments.send("PUT", "/api/brands/" + brand, token, body.append("]}").toString());
    }

    Response setProvider(String token, String brand, String kind, String provider, String addressId) {
        return assignments.send("PUT", "/api/brands/" + brand + "/" + kind + "/" + provider, token,
                addressId == null ? "{}" : "{\"addressId\":\"" + addressId + "\"}");
    }

    Response removeAddress(String addressId) {
        return addresses.send("DELETE", "/api/addresses/" + addressId, Tokens.god(), null);
    }

    /** Removes an address as God, moving its providers to {@code fallback} first. */
    Response removeAddress(String addressId, String fallback) {
        return addresses.send("DELETE", "/api/addresses/" + addressId + "?moveProvidersTo=" + fallback, Tokens.god(), null);
    }

    static JsonNode json(Response response) {
        return response.json();
    }
}
