package org.proxytrunks.it;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.proxytrunks.testing.RunningService;
import org.proxytrunks.testing.RunningService.Response;
import org.proxytrunks.testing.Tokens;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every assignment endpoint, with no token, another brand's admin, the brand's own admin, a service and God. */
class AccessIT {

    private static final String BRAND = "access-b";
    private static String address;
    private final Platform platform = Platform.get();

    record Call(String method, String path, String body) {
    }

    @BeforeAll
    static void setUp() {
        Platform platform = Platform.get();
        address = platform.addAddress("access", "127.0.2.1");
        assertThat(platform.defineBrand(Tokens.god(), BRAND, address).status()).isEqualTo(200);
    }

    private List<Call> godOnly() {
        return List.of(new Call("POST", "/api/brands/" + BRAND + "/addresses/" + address, null),
                new Call("DELETE", "/api/brands/" + BRAND + "/addresses/" + address, null));
    }

    private List<Call> providerCalls() {
        return List.of(new Call("PUT", "/api/brands/" + BRAND + "/carriers/k1", "{}"),
                new Call("PUT", "/api/brands/" + BRAND + "/ddi-providers/k2", "{\"addressId\":\"" + address + "\"}"),
                new Call("DELETE", "/api/brands/" + BRAND + "/carriers/k1", null),
                new Call("DELETE", "/api/brands/" + BRAND + "/ddi-providers/k2", null));
    }

    private List<Call> all() {
        List<Call> calls = new java.util.ArrayList<>(godOnly());
        calls.addAll(providerCalls());
        calls.add(new Call("PUT", "/api/brands/" + BRAND, "{\"addressIds\":[\"" + address + "\"]}"));
        calls.add(new Call("DELETE", "/api/brands/" + BRAND, null));
        return calls;
    }

    private Response send(RunningService service, Call call, String token) {
        return service.send(call.method(), call.path(), token, call.body());
    }

    @Test
    void withoutATokenEveryEndpointIs401() {
        for (Call call : all()) {
            assertThat(send(platform.assignments, call, null).status()).as(call.toString()).isEqualTo(401);
        }
    }

    @Test
    void anotherBrandsAdminIs403Everywhere() {
        String other = Tokens.brandAdmin("someone-else");
        for (Call call : all()) {
            Response response = send(platform.assignments, call, other);
            assertThat(response.status()).as(call.toString()).isEqualTo(403);
            assertThat(response.contentType()).startsWith("application/problem+json");
        }
    }

    @Test
    void theBrandsOwnAdminSetsAndRetiresItsProvidersOnly() {
        String own = Tokens.brandAdmin(BRAND);
        for (Call call : providerCalls()) {
            assertThat(send(platform.assignments, call, own).status()).as(call.toString()).isIn(200, 204);
        }
        for (Call call : godOnly()) {
            assertThat(send(platform.assignments, call, own).status()).as(call.toString()).isEqualTo(403);
        }
        assertThat(platform.defineBrand(own, BRAND, address).status()).isEqualTo(403);
        assertThat(platform.assignments.send("DELETE", "/api/brands/" + BRAND, own, null).status()).isEqualTo(403);
        assertThat(platform.addresses.send("POST", "/api/addresses", own, "{\"name\":\"x\",\"ip\":\"127.0.2.9\"}").status())
                .isEqualTo(403);
    }

    @Test
    void aServiceRegistersAndRetiresBrandsAndProvidersButChangesNoRegisteredBrandsAddresses() {
        String service = Tokens.service();
        assertThat(platform.defineBrand(service, "access-s", address).status()).isEqualTo(200);
        assertThat(platform.defineBrand(service, "access-s", address).status()).as("only registration").isEqualTo(403);
        assertThat(platform.setProvider(service, "access-s", "carriers", "s1", null).status()).isEqualTo(200);
        assertThat(platform.assignments.send("DELETE", "/api/brands/access-s/carriers/s1", service, null).status()).isEqualTo(204);
        for (Call call : godOnly()) {
            assertThat(send(platform.assignments, call, service).status()).as(call.toString()).isEqualTo(403);
        }
        assertThat(platform.assignments.send("DELETE", "/api/brands/access-s", service, null).status()).isEqualTo(204);
    }
}
