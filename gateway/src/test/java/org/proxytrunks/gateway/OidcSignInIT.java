package org.proxytrunks.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.proxytrunks.embedded.SigningKeys;
import org.proxytrunks.embedded.TokenMinter;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.util.UriComponentsBuilder;

import java.io.IOException;
import java.io.OutputStream;
import java.net.CookieManager;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Signing in through the platform's OpenID Connect provider (authorization code flow), with a
 * stand-in provider on a real socket: its token endpoint answers an ID token for the nonce the
 * gateway sent and a platform access token, which becomes the session's actor and is relayed.
 */
class OidcSignInIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path keysDirectory;

    private static SigningKeys keys;
    private static TokenMinter minter;
    private static HttpServer provider;
    private static URI providerUri;
    private static ConfigurableApplicationContext gateway;
    private static URI base;
    /** The access token the provider's token endpoint hands out next; and the nonce its ID token must carry. */
    private static final AtomicReference<String> nextAccessToken = new AtomicReference<>();
    private static final AtomicReference<String> nonce = new AtomicReference<>();

    @BeforeAll
    static void start() throws Exception {
        keys = SigningKeys.loadOrCreate(keysDirectory);
        minter = new TokenMinter(keys, Clock.systemUTC());
        provider = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        provider.createContext("/token", OidcSignInIT::token);
        provider.createContext("/jwks", exchange -> answer(exchange, new JWKSet(new RSAKey.Builder(keys.publicKey()).keyID("k1").build())
                .toString(true)));
        provider.start();
        providerUri = URI.create("http://127.0.0.1:" + provider.getAddress().getPort());
        String registration = "--spring.security.oauth2.client.registration.platform.";
        String details = "--spring.security.oauth2.client.provider.platform.";
        gateway = GatewayApplication.application().run(
                "--server.port=0",
                "--proxytrunks.gateway.address-service=http://127.0.0.1:9", "--proxytrunks.gateway.assignment-service=http://127.0.0.1:9",
                "--proxytrunks.gateway.projector=http://127.0.0.1:9", "--proxytrunks.gateway.kamailio-sync=http://127.0.0.1:9",
                "--proxytrunks.gateway.public-key-location=" + keys.publicKeyFile(),
                registration + "client-id=proxytrunks-dashboard", registration + "client-secret=s3cret",
                registration + "authorization-grant-type=authorization_code", registration + "scope=openid",
                registration + "redirect-uri={baseUrl}/login/oauth2/code/{registrationId}",
                details + "authorization-uri=" + providerUri + "/authorize", details + "token-uri=" + providerUri + "/token",
                details + "jwk-set-uri=" + providerUri + "/jwks", details + "user-name-attribute=sub");
        base = URI.create("http://127.0.0.1:" + ((ServletWebServerApplicationContext) gateway).getWebServer().getPort());
    }

    @AfterAll
    static void stop() {
        gateway.close();
        provider.stop(0);
    }

    private static void token(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(providerUri.toString()).audience("proxytrunks-dashboard")
                .subject("operator-1").issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(600)))
                .claim("nonce", nonce.get()).jwtID(UUID.randomUUID().toString()).build();
        SignedJWT idToken = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").build(), claims);
        try {
            idToken.sign(new RSASSASigner(keys.privateKey()));
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IOException(e);
        }
        answer(exchange, JSON.writeValueAsString(Map.of("access_token", nextAccessToken.get(), "token_type", "Bearer",
                "expires_in", 600, "scope", "openid", "id_token", idToken.serialize())));
    }

    private static void answer(HttpExchange exchange, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** Goes through the flow as a browser would, the provider having signed the person in with {@code accessToken}. */
    private static HttpResponse<String> signInThroughTheProvider(HttpClient browser, String accessToken) throws Exception {
        HttpResponse<String> start = browser.send(HttpRequest.newBuilder(base.resolve("/oauth2/authorization/platform")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(start.statusCode()).isEqualTo(302);
        URI authorize = URI.create(start.headers().firstValue("Location").orElseThrow());
        assertThat(authorize.toString()).startsWith(providerUri + "/authorize");
        Map<String, List<String>> query = UriComponentsBuilder.fromUri(authorize).build().getQueryParams();
        assertThat(query.get("client_id")).containsExactly("proxytrunks-dashboard");
        nonce.set(URLDecoder.decode(query.get("nonce").get(0), StandardCharsets.UTF_8));
        nextAccessToken.set(accessToken);
        String state = URLDecoder.decode(query.get("state").get(0), StandardCharsets.UTF_8);
        // the provider sends the browser back with a code
        return browser.send(HttpRequest.newBuilder(base.resolve("/login/oauth2/code/platform?code=c0de&state="
                + java.net.URLEncoder.encode(state, StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpClient browser() {
        return HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Test
    void theSignInOptionsNameTheProvider() throws Exception {
        String options = browser().send(HttpRequest.newBuilder(base.resolve("/api/sign-in-options")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(JSON.readTree(options).path("oidc").asBoolean()).isTrue();
        assertThat(JSON.readTree(options).path("oidcLoginUrl").asText()).isEqualTo("/oauth2/authorization/platform");
    }

    @Test
    void aPersonTheProviderSignedInGetsASessionWithTheRoleOfTheirAccessToken() throws Exception {
        HttpClient browser = browser();
        HttpResponse<String> back = signInThroughTheProvider(browser, minter.brandAdmin("b7", Duration.ofMinutes(10)));
        assertThat(back.statusCode()).as(back.body()).isEqualTo(302);
        assertThat(back.headers().firstValue("Location").orElseThrow()).isEqualTo(base.resolve("/").toString());
        var me = JSON.readTree(browser.send(HttpRequest.newBuilder(base.resolve("/api/me")).build(), HttpResponse.BodyHandlers.ofString()).body());
        assertThat(me.path("role").asText()).isEqualTo("BRAND_ADMIN");
        assertThat(me.path("brand").asText()).isEqualTo("b7");
    }

    @Test
    void anAccessTokenWithoutAPersonsRoleOpensNoSession() throws Exception {
        HttpClient browser = browser();
        HttpResponse<String> back = signInThroughTheProvider(browser, minter.service("billing", Duration.ofMinutes(10)));
        assertThat(back.statusCode()).isEqualTo(403);
        assertThat(browser.send(HttpRequest.newBuilder(base.resolve("/api/me")).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                .isEqualTo(401);
    }

    /** The stand-in services of this test are a closed port: the gateway says so, as a problem, without its details. */
    @Test
    void aServiceThatDoesNotAnswerIsA502Problem() throws Exception {
        HttpClient browser = browser();
        signInThroughTheProvider(browser, minter.god(Duration.ofMinutes(10)));
        HttpResponse<String> answer = browser.send(HttpRequest.newBuilder(base.resolve("/api/addresses")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(502);
        assertThat(answer.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(answer.body()).doesNotContain("127.0.0.1:9");
        HttpResponse<String> nowhere = browser.send(HttpRequest.newBuilder(base.resolve("/api/no-such-thing")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(nowhere.statusCode()).isEqualTo(404);
        assertThat(nowhere.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    }
}
