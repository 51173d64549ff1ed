package org.proxytrunks.support.security;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.proxytrunks.embedded.SigningKeys;
import org.proxytrunks.embedded.TokenMinter;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidationException;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The decoder the services verify bearer tokens with, on keys and tokens made as the embedded stack makes them. */
class TokenVerificationTest {

    @TempDir
    Path directory;

    private JwtDecoder decoder(String audience) {
        SigningKeys keys = SigningKeys.loadOrCreate(directory);
        return new SecurityAutoConfiguration().jwtDecoder(new JwtProperties(null, null, keys.publicKeyFile().toString(),
                TokenMinter.ISSUER, audience));
    }

    private TokenMinter minter() {
        return new TokenMinter(SigningKeys.loadOrCreate(directory), Clock.systemUTC());
    }

    @Test
    void aTokenWithExpiryAndAudienceIsAccepted() {
        JwtDecoder decoder = decoder(TokenMinter.AUDIENCE);
        assertThat(decoder.decode(minter().god(Duration.ofMinutes(5))).getSubject()).isEqualTo("god");
    }

    @Test
    void aTokenWithoutExpiryIsRefused() {
        JwtDecoder decoder = decoder(TokenMinter.AUDIENCE);
        String neverExpires = minter().mintWithoutExpiry("god", "GOD", null);
        assertThatThrownBy(() -> decoder.decode(neverExpires)).isInstanceOf(JwtValidationException.class)
                .hasMessageContaining("no expiry");
    }

    @Test
    void aTokenForAnotherAudienceIsRefused() {
        JwtDecoder decoder = decoder("another-service");
        String forUs = minter().god(Duration.ofMinutes(5));
        assertThatThrownBy(() -> decoder.decode(forUs)).isInstanceOf(JwtValidationException.class)
                .hasMessageContaining("another-service");
    }

    @Test
    void withoutAnAudienceConfiguredTheServiceDoesNotStart() {
        for (String missing : new String[] {null, "", "  "}) {
            assertThatThrownBy(() -> decoder(missing)).as("audience '%s'", missing).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("JWT_AUDIENCE");
        }
    }
}
