package org.proxytrunks.address.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.proxytrunks.address.AddressServiceApplication;
import org.proxytrunks.embedded.SharedTestStack;
import org.proxytrunks.testing.RunningService;
import org.proxytrunks.testing.RunningService.Response;
import org.proxytrunks.testing.Tokens;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What a careless or hostile client can send gets a 4xx problem naming the field, never a 500. */
class BadInputIT {

    private static RunningService service;

    @BeforeAll
    static void start() {
        SharedTestStack stack = SharedTestStack.get();
        service = RunningService.start(AddressServiceApplication.application(),
                RunningService.wiredTo(stack, stack.mongo().connectionString(), "address-bad-input-it"));
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    private static void assertFieldProblem(Response response, int status, String field) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        JsonNode json = response.json();
        List<String> fields = new ArrayList<>();
        json.path("errors").forEach(e -> fields.add(e.path("field").asText()));
        assertThat(fields).as(response.toString()).contains(field);
        assertThat(json.path("detail").asText()).contains(field);
    }

    @ParameterizedTest(name = "ip {0}")
    @CsvSource(delimiter = '|', value = {
            "\"999.1.1.1\"", "\"1.2.3\"", "\"sip.example.com\"", "\"fe80::1%eth0\"", "\"\"", "\"[::1]\"",
            "\"0.0.0.0\"", "\"224.0.0.1\"", "\"127.0.0.1/8\"", "\"1.2.3.4\\n\"", "5", "true", "[\"1.2.3.4\"]", "{}"})
    void invalidIpsAreRefusedNamingTheField(String ipJson) {
        assertFieldProblem(service.send("POST", "/api/addresses", Tokens.god(), "{\"name\":\"n\",\"ip\":" + ipJson + "}"),
                400, "ip");
    }

    @ParameterizedTest(name = "name {0}")
    @CsvSource(delimiter = '|', value = {"\"line\\nbreak\"", "\"cr\\rhere\"", "\"bell\\u0007\"", "\"nul\\u0000\"",
            "\"\"", "\"   \"", "\"proxytrunks\"", "5", "{\"a\":1}", "[]"})
    void invalidNamesAreRefusedNamingTheField(String nameJson) {
        assertFieldProblem(service.send("POST", "/api/addresses", Tokens.god(), "{\"name\":" + nameJson + ",\"ip\":\"127.0.0.41\"}"),
                400, "name");
    }

    @Test
    void aNameOfMoreThanOneHundredCharactersIsRefused() {
        assertFieldProblem(service.send("POST", "/api/addresses", Tokens.god(),
                "{\"name\":\"" + "x".repeat(101) + "\",\"ip\":\"127.0.0.41\"}"), 400, "name");
    }

    @Test
    void missingFieldsAreNamed() {
        Response response = service.send("POST", "/api/addresses", Tokens.god(), "{}");
        assertFieldProblem(response, 400, "name");
        assertFieldProblem(response, 400, "ip");
    }

    @Test
    void unknownAndDuplicateFieldsAreRefused() {
        assertFieldProblem(service.send("POST", "/api/addresses", Tokens.god(),
                "{\"name\":\"n\",\"ip\":\"127.0.0.41\",\"main\":true}"), 400, "main");
        assertFieldProblem(service.send("POST", "/api/addresses", Tokens.god(),
                "{\"name\":\"n\",\"ip\":\"127.0.0.41\",\"ip\":\"127.0.0.42\"}"), 400, "ip");
    }

    @Test
    void anInvalidAdvertisedIpIsNamed() {
        assertFieldProblem(service.send("POST", "/api/addresses", Tokens.god(),
                "{\"name\":\"n\",\"ip\":\"127.0.0.41\",\"advertisedIp\":\"nat.example.com\"}"), 400, "advertisedIp");
    }

    @Test
    void malformedOrMissingBodiesAreNamed() {
        assertFieldProblem(service.send("POST", "/api/addresses", Tokens.god(), "{\"name\":"), 400, "body");
        assertFieldProblem(service.send("POST", "/api/addresses", Tokens.god(), "[1,2]"), 400, "body");
        assertFieldProblem(service.send("POST", "/api/addresses", Tokens.god(), "{} trailing"), 400, "body");
        assertFieldProblem(service.send("POST", "/api/addresses", Tokens.god(), null), 400, "body");
    }

    @Test
    void oversizedBodiesAreRefusedWithoutBeingRead() {
        String huge = "{\"name\":\"" + "x".repeat(64 * 1024) + "\",\"ip\":\"127.0.0.41\"}";
        Response response = service.send("POST", "/api/addresses", Tokens.god(), huge);
        assertThat(response.status()).isEqualTo(413);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().path("detail").asText()).contains("16384 bytes");
    }

    @Test
    void wrongContentTypeIsAProblemNotAnError() {
        Response response = service.send("POST", "/api/addresses?x=1", Tokens.god(), null);
        assertThat(response.status()).isBetween(400, 499);
    }

    @Test
    void patchRefusesNullsForRequiredFieldsAndEmptyChanges() {
        assertFieldProblem(service.send("PATCH", "/api/addresses/proxytrunks", Tokens.god(), "{\"ip\":null}"), 400, "ip");
        assertFieldProblem(service.send("PATCH", "/api/addresses/proxytrunks", Tokens.god(), "{}"), 400, "body");
        assertFieldProblem(service.send("PATCH", "/api/addresses/proxytrunks", Tokens.god(), "{\"ip\":\"::ffff:1.2.3.4\"}"), 400, "ip");
    }

    @Test
    void unknownOrMalformedIdsAreNotFound() {
        assertThat(service.send("PATCH", "/api/addresses/no-such-address", Tokens.god(), "{\"name\":\"n\"}").status()).isEqualTo(404);
        assertThat(service.send("DELETE", "/api/addresses/no-such-address", Tokens.god(), null).status()).isEqualTo(404);
        Response weird = service.send("DELETE", "/api/addresses/%0Aevil%22", Tokens.god(), null);
        assertThat(weird.status()).as("refused at the edge or not found").isIn(400, 404);
        assertThat(weird.body()).doesNotContain("\n").doesNotContain("evil\"");
        Response upper = service.send("DELETE", "/api/addresses/Not_An_Id", Tokens.god(), null);
        assertThat(upper.status()).isEqualTo(404);
        assertThat(upper.contentType()).startsWith("application/problem+json");
    }
}
