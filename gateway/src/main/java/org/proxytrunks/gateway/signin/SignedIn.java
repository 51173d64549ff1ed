package org.proxytrunks.gateway.signin;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

import java.time.Clock;
import java.util.List;

/** The authentication of a signed-in session: its {@link SessionActor}, with the role as the authority {@code ROLE_<role>}. */
public final class SignedIn extends AbstractAuthenticationToken {

    private final SessionActor actor;

    public SignedIn(SessionActor actor) {
        super(List.of(new SimpleGrantedAuthority("ROLE_" + actor.role())));
        this.actor = actor;
        setAuthenticated(true);
    }

    public SessionActor actor() {
        return actor;
    }

    /** Whether the relayed token has expired, after which the services would refuse every call. */
    public boolean expired(Clock clock) {
        return !clock.instant().isBefore(actor.expiresAt());
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public Object getPrincipal() {
        return actor;
    }

    @Override
    public String getName() {
        return actor.subject();
    }
}
