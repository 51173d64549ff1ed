package org.proxytrunks.support.security;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VerifiedTokensTest {

    private final AtomicInteger verifications = new AtomicInteger();
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-28T10:00:00Z"));

    private final JwtDecoder signatureChecking = token -> {
        verifications.incrementAndGet();
        if (token.startsWith("forged")) {
            throw new BadJwtException("bad signature");
        }
        Jwt jwt = jwt(token);
        if (!jwt.getExpiresAt().isAfter(now.get())) {
            throw new BadJwtException("expired");
        }
        return jwt;
    };

    private final VerifiedTokens tokens = new VerifiedTokens(signatureChecking,
            jwt -> jwt.getExpiresAt().isAfter(now.get()) ? OAuth2TokenValidatorResult.success()
                    : OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "expired", null)), 2);

    private static Jwt jwt(String token) {
        return Jwt.withTokenValue(token).header("alg", "RS256").subject("god")
                .issuedAt(Instant.parse("2026-11-28T09:00:00Z")).expiresAt(Instant.parse("2026-11-28T11:00:00Z")).build();
    }

    @Test
    void aTokenUsedAgainIsNotVerifiedAgain() {
        assertThat(tokens.decode("good-1").getSubject()).isEqualTo("god");
        assertThat(tokens.decode("good-1").getSubject()).isEqualTo("god");
        assertThat(verifications).hasValue(1);
    }

    @Test
    void aRememberedTokenThatExpiredIsRefusedAsBefore() {
        tokens.decode("good-1");
        now.set(Instant.parse("2026-11-28T12:00:00Z"));
        assertThatThrownBy(() -> tokens.decode("good-1")).isInstanceOf(BadJwtException.class).hasMessageContaining("expired");
    }

    @Test
    void aRefusedTokenIsNeverRemembered() {
        assertThatThrownBy(() -> tokens.decode("forged-1")).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> tokens.decode("forged-1")).isInstanceOf(BadJwtException.class);
        assertThat(verifications).hasValue(2);
    }

    @Test
    void theCacheStaysWithinItsCapacity() {
        tokens.decode("good-1");
        tokens.decode("good-2");
        tokens.decode("good-3");
        tokens.decode("good-3");
        assertThat(verifications).hasValue(3);
        tokens.decode("good-1");
        assertThat(verifications).as("forgotten when the cache was emptied").hasValue(4);
    }
}
