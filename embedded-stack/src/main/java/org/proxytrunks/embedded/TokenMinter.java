package org.proxytrunks.embedded;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Mints the bearer tokens that the embedded stack's services accept: RS256, issuer
 * {@value #ISSUER}, audience {@value #AUDIENCE}, a {@code roles} claim with one of
 * {@code GOD}, {@code BRAND_ADMIN} or {@code SERVICE}, and for a brand admin a {@code brand_id}.
 */
public final class TokenMinter {

    public static final String ISSUER = "proxytrunks-embedded";
    public static final String AUDIENCE = "proxytrunks";
    private static final Pattern BRAND_ID = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9_-]{0,62}[A-Za-z0-9])?");

    private final SigningKeys keys;
    private final Clock clock;

    public TokenMinter(SigningKeys keys, Clock clock) {
        this.keys = keys;
        this.clock = clock;
    }

    /** A token for the platform operator. */
    public String god(Duration validity) {
        return mint("god", "GOD", null, validity);
    }

    /** A token for an operator of {@code brandId}, confined to that brand. */
    public String brandAdmin(String brandId, Duration validity) {
        if (brandId == null || !BRAND_ID.matcher(brandId).matches()) {
            throw new IllegalArgumentException("'" + brandId + "' is not a brand id: letters, digits, '-' and '_', at most 64");
        }
        return mint("brand-admin-" + brandId, "BRAND_ADMIN", brandId, validity);
    }

    /** A token for another platform service. */
    public String service(String name, Duration validity) {
        return mint("service-" + name, "SERVICE", null, validity);
    }

    /** Mints a token with any subject, role and brand, as an external issuer could. */
    public String mint(String subject, String role, String brandId, Duration validity) {
        return sign(claims(subject, role, brandId).expirationTime(Date.from(clock.instant().plus(validity))));
    }

    /**
     * Mints a token that never expires (no {@code exp} claim), which the services refuse: only
     * for showing that they do.
     */
    public String mintWithoutExpiry(String subject, String role, String brandId) {
        return sign(claims(subject, role, brandId));
    }

    private JWTClaimsSet.Builder claims(String subject, String role, String brandId) {
        Instant now = clock.instant();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .subject(subject)
                .jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now.minusSeconds(5)))
                .claim("roles", List.of(role));
        if (brandId != null) {
            claims.claim("brand_id", brandId);
        }
        return claims;
    }

    private String sign(JWTClaimsSet.Builder claims) {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).build(), claims.build());
        try {
            jwt.sign(new RSASSASigner(keys.privateKey()));
        } catch (JOSEException e) {
            throw new IllegalStateException("could not sign a token", e);
        }
        return jwt.serialize();
    }
}
