package org.proxytrunks.gateway.signin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One-time sign-in links: a link carries a platform token (as {@code ./run.sh login} prints it),
 * and opens a session only if the token was minted within the link validity and has not opened
 * one before. A used token's id is remembered until the link could no longer be taken anyway, so
 * the memory holds at most the links of one validity period.
 *
 * <p>The record of used links is this gateway's: with several gateway instances a link could be
 * taken once at each. The embedded default runs one; production signs people in through the
 * platform's OpenID Connect provider instead.
 */
public final class SignInLinks {

    private final PlatformTokens tokens;
    private final Duration validity;
    private final Clock clock;
    private final Map<String, Instant> used = new ConcurrentHashMap<>();

    public SignInLinks(PlatformTokens tokens, Duration validity, Clock clock) {
        this.tokens = tokens;
        this.validity = validity;
        this.clock = clock;
    }

    /** The actor the link would sign in, without taking it: for the page that asks to confirm. */
    public SessionActor preview(String token) {
        return checked(token).actor();
    }

    /**
     * Takes the link: the actor it signs in, once.
     *
     * @throws PlatformTokens.InvalidSignIn when the token is invalid, too old or already used
     */
    public SessionActor take(String token) {
        PlatformTokens.Verified verified = checked(token);
        forgetExpired();
        String id = verified.jwt().getId();
        if (used.putIfAbsent(id, verified.jwt().getIssuedAt().plus(validity)) != null) {
            throw new PlatformTokens.InvalidSignIn("This sign-in link was used already; ask for a new one (./run.sh login).");
        }
        return verified.actor();
    }

    private PlatformTokens.Verified checked(String token) {
        if (token == null || token.isBlank() || token.length() > 8192) {
            throw new PlatformTokens.InvalidSignIn("The sign-in link holds no token.");
        }
        PlatformTokens.Verified verified = tokens.verify(token);
        Instant issued = verified.jwt().getIssuedAt();
        if (issued == null || verified.jwt().getId() == null) {
            throw new PlatformTokens.InvalidSignIn("The token has no issue time or id ('iat', 'jti'), so it cannot be a one-time link.");
        }
        if (clock.instant().isAfter(issued.plus(validity))) {
            throw new PlatformTokens.InvalidSignIn("This sign-in link has expired (links are taken for " + validity.toMinutes()
                    + " minutes); ask for a new one (./run.sh login).");
        }
        if (used.containsKey(verified.jwt().getId())) {
            throw new PlatformTokens.InvalidSignIn("This sign-in link was used already; ask for a new one (./run.sh login).");
        }
        return verified;
    }

    private void forgetExpired() {
        Instant now = clock.instant();
        used.values().removeIf(until -> until.isBefore(now));
    }
}
