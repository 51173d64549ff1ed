package org.proxytrunks.gateway.signin;

import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads the platform's access tokens the way the services do (signature, expiry required,
 * issuer, audience, exactly one role, a well-formed brand for a brand admin), for the people who
 * sign in to the dashboard: God and brand admins. A service token does not open a session.
 */
public final class PlatformTokens {

    private static final Pattern BRAND_ID = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9_-]{0,62}[A-Za-z0-9])?");
    private static final OAuth2TokenValidator<Jwt> EXPIRY_REQUIRED = jwt -> jwt.getExpiresAt() != null
            ? OAuth2TokenValidatorResult.success()
            : OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "the token has no expiry", null));

    private final JwtDecoder decoder;

    public PlatformTokens(JwtDecoder decoder) {
        this.decoder = decoder;
    }

    /** Verifies with the platform issuer's JWK set, or else with the embedded stack's public key file. */
    public static PlatformTokens of(String jwkSetUri, String publicKeyLocation, String issuer, String audience) {
        if (audience == null || audience.isBlank()) {
            throw new IllegalStateException("No token audience: set JWT_AUDIENCE (proxytrunks.gateway.audience) to the services' audience");
        }
        NimbusJwtDecoder decoder = jwkSetUri != null && !jwkSetUri.isBlank()
                ? NimbusJwtDecoder.withJwkSetUri(jwkSetUri).build()
                : NimbusJwtDecoder.withPublicKey(readPublicKey(Path.of(publicKeyLocation))).build();
        OAuth2TokenValidator<Jwt> audienceNamed = jwt -> jwt.getAudience() != null && jwt.getAudience().contains(audience)
                ? OAuth2TokenValidatorResult.success()
                : OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "the token is not for audience " + audience, null));
        OAuth2TokenValidator<Jwt> issuerChecks = issuer != null && !issuer.isBlank()
                ? JwtValidators.createDefaultWithIssuer(issuer) : JwtValidators.createDefault();
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(issuerChecks, EXPIRY_REQUIRED, audienceNamed));
        return new PlatformTokens(decoder);
    }

    /**
     * The verified token as a session's actor.
     *
     * @throws InvalidSignIn when the token is not a valid platform token for a person
     */
    public Verified verify(String token) {
        Jwt jwt;
        try {
            jwt = decoder.decode(token);
        } catch (JwtException e) {
            throw new InvalidSignIn("The sign-in token was refused: " + e.getMessage());
        }
        List<String> roles = jwt.getClaimAsStringList("roles");
        if (roles == null || roles.size() != 1 || !List.of("GOD", "BRAND_ADMIN").contains(roles.get(0))) {
            throw new InvalidSignIn("The token is not a person's: its role must be GOD or BRAND_ADMIN.");
        }
        String role = roles.get(0);
        String brand = null;
        if (role.equals("BRAND_ADMIN")) {
            brand = jwt.getClaimAsString("brand_id");
            if (brand == null || !BRAND_ID.matcher(brand).matches()) {
                throw new InvalidSignIn("A brand admin's token needs a valid 'brand_id' claim.");
            }
        }
        if (jwt.getSubject() == null || jwt.getSubject().isBlank()) {
            throw new InvalidSignIn("The token has no subject.");
        }
        return new Verified(jwt, new SessionActor(jwt.getSubject(), role, brand, token, jwt.getExpiresAt()));
    }

    /** A verified token and the actor it makes. */
    public record Verified(Jwt jwt, SessionActor actor) {
    }

    /** A token that cannot open a session, with the reason in words a person can act on. */
    public static final class InvalidSignIn extends RuntimeException {
        public InvalidSignIn(String message) {
            super(message);
        }
    }

    private static RSAPublicKey readPublicKey(Path pem) {
        try {
            String base64 = Files.readString(pem, StandardCharsets.US_ASCII)
                    .replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
            return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the token verification key " + pem
                    + " (JWT_PUBLIC_KEY_LOCATION; the embedded stack writes it at start)", e);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException(pem + " is not a PEM RSA public key", e);
        }
    }
}
