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

    private Platform(RunningService addresses, RunningService assignments, RunningService projector) {
        this.addresses = addresses;
        this.assignments = assignments;
        this.projector = projector;
    }

    static synchronized Platform get() {
        if (instance == null) {
            SharedTestStack stack = SharedTestStack.get();
            String run = UUID.randomUUID().toString().substring(0, 8);
            Map<String, Object> addressProperties = RunningService.wiredTo(stack, stack.mongo().connectionString(), "it-addresses-" + run);
            addressProperties.put("proxytrunks.address.removal-wait", "15s");
            RunningService addresses = RunningService.start(AddressServiceApplication.application(), addressProperties);
            RunningService assignments = RunningService.start(AssignmentServiceApplication.application(),
                    RunningService.wiredTo(stack, stack.mongo().connectionString(), "it-assignments-" + run));
            Map<String, Object> projectorProperties = RunningService.wiredTo(stack, stack.mongo().connectionString(), "it-projections-" + run);
            projectorProperties.put("proxytrunks.projector.wait-for", "3s");
            RunningService projector = RunningService.start(ProjectorServiceApplication.application(), projectorProperties);
            instance = new Platform(addresses, assignments, projector);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                projector.close();
                assignments.close();
                addresses.close();
            }));
        }
        return instance;
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
