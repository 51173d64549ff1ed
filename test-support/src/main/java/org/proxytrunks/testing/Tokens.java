package org.proxytrunks.testing;

import org.proxytrunks.embedded.SharedTestStack;
import org.proxytrunks.embedded.TokenMinter;

import java.time.Clock;
import java.time.Duration;

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

    /** Any claims, signed with the right key. */
    public static String custom(String subject, String role, String brandId) {
        return minter().mint(subject, role, brandId, VALIDITY);
    }
}
