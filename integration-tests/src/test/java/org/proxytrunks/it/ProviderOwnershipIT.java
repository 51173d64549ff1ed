package org.proxytrunks.it;

import org.junit.jupiter.api.Test;
import org.proxytrunks.testing.RunningService.Response;
import org.proxytrunks.testing.Tokens;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rule P4 across the platform, the way a user met its absence: brand own-pb1 has carrier own-car1
 * on its address; brand own-xb setting a carrier with the same id, or retiring it, is refused,
 * and own-pb1's route stays as it was in the assignment service and in the read model.
 */
class ProviderOwnershipIT {

    private final Platform platform = Platform.get();
    private final String god = Tokens.god();

    @Test
    void anotherBrandNeitherTakesNorRetiresABrandsCarrier() {
        String pb1Address = platform.addAddress("own pb1", "127.0.7.1");
        String xbAddress = platform.addAddress("own xb", "127.0.7.2");
        assertThat(platform.defineBrand(god, "own-pb1", pb1Address).status()).isEqualTo(200);
        assertThat(platform.defineBrand(god, "own-xb", xbAddress).status()).isEqualTo(200);
        assertThat(platform.setProvider(Tokens.brandAdmin("own-pb1"), "own-pb1", "carriers", "own-car1", pb1Address).status())
                .isEqualTo(200);

        Response asGod = platform.setProvider(god, "own-xb", "carriers", "own-car1", xbAddress);
        assertThat(asGod.status()).as(asGod.toString()).isEqualTo(409);
        assertThat(asGod.contentType()).startsWith("application/problem+json");
        assertThat(asGod.json().path("ownerBrandId").asText()).isEqualTo("own-pb1");
        assertThat(asGod.json().path("detail").asText()).contains("carrier own-car1 belongs to brand own-pb1");
        assertThat(asGod.json().path("errors").path(0).path("field").asText()).isEqualTo("providerId");

        String xbAdmin = Tokens.brandAdmin("own-xb");
        Response asAdmin = platform.setProvider(xbAdmin, "own-xb", "carriers", "own-car1", xbAddress);
        assertThat(asAdmin.status()).as(asAdmin.toString()).isEqualTo(409);
        assertThat(asAdmin.json().path("detail").asText()).contains("carrier id own-car1 is taken by another brand");
        assertThat(asAdmin.body()).as("a brand admin is not told which brand").doesNotContain("own-pb1");
        assertThat(asAdmin.json().has("ownerBrandId")).isFalse();

        Response retireAsAdmin = platform.assignments.send("DELETE", "/api/brands/own-xb/carriers/own-car1", xbAdmin, null);
        assertThat(retireAsAdmin.status()).isEqualTo(409);
        assertThat(retireAsAdmin.body()).doesNotContain("own-pb1");
        Response retireAsService = platform.assignments.send("DELETE", "/api/brands/own-xb/carriers/own-car1", Tokens.service(), null);
        assertThat(retireAsService.status()).isEqualTo(409);
        assertThat(retireAsService.json().path("ownerBrandId").asText()).isEqualTo("own-pb1");

        assertThat(platform.setProvider(god, "own-xb", "ddi-providers", "own-car1", xbAddress).status())
                .as("a DDI provider with the same id is another provider").isEqualTo(200);

        Response unchanged = platform.setProvider(god, "own-pb1", "carriers", "own-car1", null);
        assertThat(unchanged.json().path("addressId").asText()).as("the assignment service still has pb1's route").isEqualTo(pb1Address);
        String position = unchanged.headers().get("x-event-position").get(0);
        Response route = platform.projector.send("GET", "/api/brands/own-pb1/carriers/own-car1?waitFor=" + position, god, null);
        assertThat(route.status()).as(route.toString()).isEqualTo(200);
        assertThat(route.json().path("sockets").path("udp").asText()).isEqualTo("udp:127.0.7.1:5060");
        assertThat(platform.projector.send("GET", "/api/brands/own-xb/carriers/own-car1", god, null).status())
                .as("the read model never gave xb the carrier").isEqualTo(404);

        assertThat(platform.assignments.send("DELETE", "/api/brands/own-pb1/carriers/own-car1", god, null).status()).isEqualTo(204);
        Response taken = platform.setProvider(xbAdmin, "own-xb", "carriers", "own-car1", xbAddress);
        assertThat(taken.status()).as("retired by its owner, the id is free").isEqualTo(200);
    }
}
