package org.proxytrunks.gateway.signin;

import java.io.Serializable;
import java.time.Instant;

/**
 * Who is signed in, held in the server-side session only: the role and brand the platform's
 * issuer gave them, and the bearer token the gateway relays to the services on their behalf.
 * The browser holds the session cookie and never this token.
 *
 * @param subject   the token's subject
 * @param role      {@code GOD} or {@code BRAND_ADMIN}
 * @param brand     the brand a brand admin is confined to; null for God
 * @param bearer    the access token relayed to the services
 * @param expiresAt when the access token, and so the session, ends
 */
public record SessionActor(String subject, String role, String brand, String bearer, Instant expiresAt) implements Serializable {

    /** Everything but the token, for a log line or a page. */
    @Override
    public String toString() {
        return "SessionActor[" + subject + ", " + role + (brand == null ? "" : ", brand " + brand) + ", until " + expiresAt + "]";
    }
}
