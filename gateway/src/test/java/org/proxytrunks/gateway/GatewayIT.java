package org.proxytrunks.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.proxytrunks.embedded.SigningKeys;
import org.proxytrunks.embedded.TokenMinter;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway on a real port in front of four stand-in services on real sockets: signing in
 * with a one-time link, the session cookie, CSRF, which service answers what, the relayed token,
 * the live change stream and signing out.
 */
class GatewayIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CSRF_FIELD = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    @TempDir
    static Path keysDirectory;

    private static FakeService addresses;
    private static FakeService assignments;
    private static FakeService projector;
    private static FakeService sync;
    private static ConfigurableApplicationContext gateway;
    private static TokenMinter minter;
    private static URI base;

    @BeforeAll
    static void start() throws Exception {
        SigningKeys keys = SigningKeys.loadOrCreate(keysDirectory);
        minter = new TokenMinter(keys, Clock.systemUTC());
        addresses = new FakeService("address-service");
        assignments = new FakeService("assignment-service");
        projector = new FakeService("projector");
        sync = new FakeService("kamailio-sync");
        gateway = GatewayApplication.application().run(
                "--server.port=0",
                "--proxytrunks.gateway.address-service=" + addresses.uri(),
                "--proxytrunks.gateway.assignment-service=" + assignments.uri(),
                "--proxytrunks.gateway.projector=" + projector.uri(),
                "--proxytrunks.gateway.kamailio-sync=" + sync.uri(),
                "--proxytrunks.gateway.public-key-location=" + keys.publicKeyFile(),
                "--proxytrunks.gateway.max-change-streams=2");
        base = URI.create("http://127.0.0.1:" + ((ServletWebServerApplicationContext) gateway).getWebServer().getPort());
    }

    @AfterAll
    static void stop() {
        gateway.close();
        for (FakeService service : List.of(addresses, assignments, projector, sync)) {
            service.close();
        }
    }

    /** A browser: its own cookie jar, no redirects followed. */
    static final class Browser {
        final CookieManager cookies = new CookieManager();
        final HttpClient http = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER).build();

        HttpResponse<String> send(String method, String path, String body, String... headers) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            if (headers.length > 0) {
                request.headers(headers);
            }
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }

        String cookie(String name) {
            return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals(name))
                    .map(HttpCookie::getValue).findFirst().orElse(null);
        }

        /** A change as the page sends it: JSON, with the CSRF cookie's value in the header. */
        HttpResponse<String> change(String method, String path, String body) throws Exception {
            return send(method, path, body, "Content-Type", "application/json", "X-XSRF-TOKEN", cookie("XSRF-TOKEN"));
        }

        HttpResponse<String> signIn(String token) throws Exception {
            HttpResponse<String> page = send("GET", "/sign-in?token=" + token, null);
            assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
            Matcher csrf = CSRF_FIELD.matcher(page.body());
            assertThat(csrf.find()).as(page.body()).isTrue();
            return send("POST", "/sign-in", "token=" + URLEncoder.encode(token, StandardCharsets.UTF_8) + "&_csrf=" + csrf.group(1),
                    "Content-Type", "application/x-www-form-urlencoded");
        }
    }

    private static Browser signedInGod() throws Exception {
        Browser browser = new Browser();
        HttpResponse<String> signedIn = browser.signIn(minter.god(Duration.ofHours(1)));
        assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(303);
        return browser;
    }

    @Test
    void withoutSigningInTheApiIsA401ProblemAndNothingIsRelayed() throws Exception {
        Browser browser = new Browser();
        int before = projector.received.size();
        for (String path : List.of("/api/me", "/api/addresses", "/api/kamailio/status")) {
            HttpResponse<String> answer = browser.send("GET", path, null);
            assertThat(answer.statusCode()).as(path).isEqualTo(401);
            assertThat(answer.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        }
        // a bearer token sent by a script is not a session: the gateway is for people signed in
        HttpResponse<String> bearer = browser.send("GET", "/api/addresses", null, "Authorization", "Bearer " + minter.god(Duration.ofHours(1)));
        assertThat(bearer.statusCode()).isEqualTo(401);
        assertThat(projector.received.size()).isEqualTo(before);
        assertThat(browser.send("GET", "/api/sign-in-options", null).body()).contains("\"oidc\":false");
    }

    @Test
    void aOneTimeLinkOpensAnHttpOnlyStrictSessionOnce() throws Exception {
        String token = minter.god(Duration.ofHours(1));
        Browser browser = new Browser();
        HttpResponse<String> signedIn = browser.signIn(token);
        assertThat(signedIn.statusCode()).isEqualTo(303);
        assertThat(signedIn.headers().firstValue("Location")).contains("/");
        String session = signedIn.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("PROXYTRUNKS_SESSION="))
                .findFirst().orElseThrow();
        assertThat(session).contains("HttpOnly").contains("SameSite=Strict");
        JsonNode me = JSON.readTree(browser.send("GET", "/api/me", null).body());
        assertThat(me.path("role").asText()).isEqualTo("GOD");
        assertThat(me.path("subject").asText()).isEqualTo("god");
        assertThat(me.toString()).doesNotContain(token);

        HttpResponse<String> again = new Browser().send("POST", "/sign-in", "token=" + token, "Content-Type", "application/x-www-form-urlencoded");
        assertThat(again.statusCode()).as("no CSRF token").isEqualTo(403);
        Browser other = new Browser();
        HttpResponse<String> reused = other.send("GET", "/sign-in?token=" + token, null);
        assertThat(reused.statusCode()).isEqualTo(400);
        assertThat(reused.body()).contains("used already");
    }

    @Test
    void aStaleForgedOrServiceTokenSignsNobodyIn() throws Exception {
        TokenMinter elevenMinutesAgo = new TokenMinter(SigningKeys.loadOrCreate(keysDirectory),
                Clock.fixed(Instant.now().minus(Duration.ofMinutes(11)), ZoneOffset.UTC));
        String stale = elevenMinutesAgo.god(Duration.ofHours(1));
        String service = minter.service("billing", Duration.ofHours(1));
        String god = minter.god(Duration.ofHours(1));
        String forged = god.substring(0, god.lastIndexOf('.') + 1) + "AAAA";
        for (String token : List.of(stale, service, forged, "")) {
            HttpResponse<String> refused = new Browser().send("GET", "/sign-in?token=" + token, null);
            assertThat(refused.statusCode()).as(token).isEqualTo(400);
            assertThat(refused.body()).contains("sign-in-refused");
        }
        assertThat(new Browser().send("GET", "/sign-in?token=" + stale, null).body()).contains("expired");
    }

    @Test
    void eachPathGoesToItsServiceWithTheSessionsTokenAndNoCookies() throws Exception {
        String token = minter.brandAdmin("b1", Duration.ofHours(1));
        Browser browser = new Browser();
        assertThat(browser.signIn(token).statusCode()).isEqualTo(303);
        JsonNode me = JSON.readTree(browser.send("GET", "/api/me", null).body());
        assertThat(me.path("role").asText()).isEqualTo("BRAND_ADMIN");
        assertThat(me.path("brand").asText()).isEqualTo("b1");

        record Case(String method, String path, FakeService service, String upstreamPath) {
        }
        for (Case c : List.of(
                new Case("GET", "/api/addresses?name=x", projector, "/api/addresses?name=x"),
                new Case("GET", "/api/addresses/a1", projector, "/api/addresses/a1"),
                new Case("GET", "/api/addresses/a1/removal", addresses, "/api/addresses/a1/removal"),
                new Case("POST", "/api/addresses", addresses, "/api/addresses"),
                new Case("PATCH", "/api/addresses/a1", addresses, "/api/addresses/a1"),
                new Case("DELETE", "/api/addresses/a1", addresses, "/api/addresses/a1"),
                new Case("GET", "/api/brands/b1", projector, "/api/brands/b1"),
                new Case("PUT", "/api/brands/b1/carriers/c1", assignments, "/api/brands/b1/carriers/c1"),
                new Case("DELETE", "/api/brands/b1/ddi-providers/d1", assignments, "/api/brands/b1/ddi-providers/d1"),
                new Case("GET", "/api/audit?type=X", projector, "/api/audit?type=X"),
                new Case("GET", "/api/kamailio/status", sync, "/api/status"),
                new Case("POST", "/api/kamailio/rebuild", sync, "/api/rebuild"))) {
            int before = c.service().received.size();
            HttpResponse<String> answer = c.method().equals("GET")
                    ? browser.send("GET", c.path(), null, "Authorization", "Bearer forged-by-a-script")
                    : browser.change(c.method(), c.path(), "{\"name\":\"x\"}");
            assertThat(answer.statusCode()).as(c + ": " + answer.body()).isEqualTo(200);
            assertThat(answer.body()).as(c.toString()).contains(c.service().name);
            FakeService.Received received = c.service().received.get(before);
            assertThat(received.method()).isEqualTo(c.method());
            assertThat(received.pathAndQuery()).isEqualTo(c.upstreamPath());
            assertThat(received.header("Authorization")).as(c.toString()).isEqualTo("Bearer " + token);
            assertThat(received.header("Cookie")).as(c.toString()).isNull();
            assertThat(received.header("X-XSRF-TOKEN")).as(c.toString()).isNull();
        }
    }

    @Test
    void aChangeWithoutTheCsrfHeaderIsRefusedBeforeAnyService() throws Exception {
        Browser browser = signedInGod();
        int before = addresses.received.size();
        HttpResponse<String> refused = browser.send("POST", "/api/addresses", "{\"name\":\"x\",\"ip\":\"192.0.2.1\"}",
                "Content-Type", "application/json");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        HttpResponse<String> wrong = browser.send("POST", "/api/addresses", "{}", "Content-Type", "application/json", "X-XSRF-TOKEN", "guess");
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(addresses.received.size()).isEqualTo(before);
    }

    @Test
    void noOtherOriginIsAllowed() throws Exception {
        Browser browser = signedInGod();
        HttpResponse<String> preflight = browser.send("OPTIONS", "/api/addresses", null, "Origin", "https://evil.example",
                "Access-Control-Request-Method", "POST");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void liveChangesAreRelayedAsTheyComeNotWhenTheStreamEnds() throws Exception {
        Browser browser = signedInGod();
        HttpResponse<InputStream> stream = browser.http.send(HttpRequest.newBuilder(base.resolve("/api/changes")).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
            assertThat(readUntilData(lines)).contains("a1:0");
            projector.secondChange.countDown();
            assertThat(readUntilData(lines)).contains("a1:1");
        }
        FakeService.Received upstream = projector.received.stream().filter(r -> r.pathAndQuery().equals("/api/changes")).findFirst().orElseThrow();
        assertThat(upstream.header("Authorization")).startsWith("Bearer ");
    }

    private static String readUntilData(BufferedReader lines) throws Exception {
        String line;
        while ((line = lines.readLine()) != null) {
            if (line.startsWith("data:")) {
                return line;
            }
        }
        throw new AssertionError("the stream ended");
    }

    @Test
    void signingOutEndsTheSession() throws Exception {
        Browser browser = signedInGod();
        assertThat(browser.send("GET", "/api/me", null).statusCode()).isEqualTo(200);
        assertThat(browser.send("POST", "/logout", null).statusCode()).as("no CSRF token").isEqualTo(403);
        HttpResponse<String> out = browser.change("POST", "/logout", null);
        assertThat(out.statusCode()).isEqualTo(204);
        assertThat(browser.send("GET", "/api/me", null).statusCode()).isEqualTo(401);
    }
}
