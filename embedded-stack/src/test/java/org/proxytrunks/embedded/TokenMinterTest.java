package org.proxytrunks.embedded;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenMinterTest {

    @TempDir
    Path directory;

    @Test
    void theKeyIsMadeOnceAndKeptPrivate() throws Exception {
        SigningKeys first = SigningKeys.loadOrCreate(directory);
        SigningKeys second = SigningKeys.loadOrCreate(directory);
        assertThat(second.publicKey()).isEqualTo(first.publicKey());
        assertThat(Files.getPosixFilePermissions(directory.resolve(SigningKeys.PRIVATE_KEY_FILE)))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    }

    @Test
    void aBrandAdminTokenCarriesItsRoleAndBrandAndIsSignedByTheKey() throws Exception {
        SigningKeys keys = SigningKeys.loadOrCreate(directory);
        Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
        SignedJWT jwt = SignedJWT.parse(new TokenMinter(keys, clock).brandAdmin("brand-7", Duration.ofHours(1)));
        assertThat(jwt.verify(new RSASSAVerifier(keys.publicKey()))).isTrue();
        assertThat(jwt.getJWTClaimsSet().getStringListClaim("roles")).containsExactly("BRAND_ADMIN");
        assertThat(jwt.getJWTClaimsSet().getStringClaim("brand_id")).isEqualTo("brand-7");
        assertThat(jwt.getJWTClaimsSet().getExpirationTime().toInstant()).isEqualTo(Instant.parse("2026-01-01T01:00:00Z"));
    }

    @Test
    void aBrandIdThatIsNotAnIdIsRefused() {
        TokenMinter minter = new TokenMinter(SigningKeys.loadOrCreate(directory), Clock.systemUTC());
        assertThatThrownBy(() -> minter.brandAdmin("x\ny", Duration.ofHours(1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void tokensNeedAKeyMadeByTheStack() {
        assertThatThrownBy(() -> EmbeddedStack.token(new String[] {"token", "god"}, directory.resolve("none"), java.util.Map.of()))
                .hasMessageContaining("start the stack");
    }

    @Test
    void aSignInLinkPointsAtTheGatewayWithAPersonsToken() throws Exception {
        SigningKeys.loadOrCreate(directory.resolve("jwt"));
        String link = EmbeddedStack.signInLink(new String[] {"login", "brand-admin", "b-9"}, directory, java.util.Map.of("GATEWAY_PORT", "18080"));
        assertThat(link).startsWith("http://127.0.0.1:18080/sign-in?token=");
        SignedJWT jwt = SignedJWT.parse(link.substring(link.indexOf('=') + 1));
        assertThat(jwt.getJWTClaimsSet().getStringClaim("brand_id")).isEqualTo("b-9");
        assertThat(jwt.getJWTClaimsSet().getJWTID()).isNotBlank();
        assertThatThrownBy(() -> EmbeddedStack.signInLink(new String[] {"login", "service"}, directory, java.util.Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
