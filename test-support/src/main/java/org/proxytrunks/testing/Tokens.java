package org.proxytrunks.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.proxytrunks.embedded.SharedTestStack;
import org.proxytrunks.embedded.TokenMinter;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.function.UnaryOperator;

/** Bearer tokens signed with the shared test stack's key. */
public final class Tokens {

    private static final Duration VALIDITY = Duration.ofHours(1);

    private Tokens() {
    }

    private static TokenMinter minter() {
        return new TokenMinter(SharedTestStack.get().keys(), Clock.systemUTC());
    }

    public static String god() {
        return minter().god(VALIDITY);
    }

    public static String brandAdmin(String brandId) {
        return minter().brandAdmin(brandId, VALIDITY);
    }

    public static String service() {
        return minter().service("tests", VALIDITY);
    }

    /** A God token that expired an hour ago. */
    public static String expiredGod() {
        return new TokenMinter(SharedTestStack.get().keys(), Clock.offset(Clock.systemUTC(), Duration.ofHours(-3)))
                .god(VALIDITY);
    }

    /** A God token without an expiry ({@code exp}), signed with the right key: it must be refused. */
    public static String godWithoutExpiry() {
        return minter().mintWithoutExpiry("god", "GOD", null);
    }

    /** A God token whose {@code aud} names only {@code audience}, valid in every other way: a service of another audience refuses it. */
    public static String godForAudience(String audience) {
        return changed(god(), claims -> claims.audience(audience));
    }

    /** A God token from {@code issuer} ({@code iss}), valid in every other way: a service trusting another issuer refuses it. */
    public static String godFromIssuer(String issuer) {
        return changed(god(), claims -> claims.issuer(issuer));
    }

    /** {@code token} with its claims changed by {@code change}, signed again with the right key. */
    private static String changed(String token, UnaryOperator<JWTClaimsSet.Builder> change) {
        try {
            SignedJWT original = SignedJWT.parse(token);
            SignedJWT jwt = new SignedJWT(original.getHeader(), change.apply(new JWTClaimsSet.Builder(original.getJWTClaimsSet())).build());
            jwt.sign(new RSASSASigner(SharedTestStack.get().keys().privateKey()));
            return jwt.serialize();
        } catch (ParseException | JOSEException e) {
            throw new IllegalStateException("could not change the claims of a token", e);
        }
    }

    /** Any claims, signed with the right key. */
    public static String custom(String subject, String role, String brandId) {
        return minter().mint(subject, role, brandId, VALIDITY);
    }
}
