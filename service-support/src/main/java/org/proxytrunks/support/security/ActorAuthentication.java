package org.proxytrunks.support.security;

import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import java.util.List;

/** An authenticated bearer token, with the {@link Actor} it stands for. */
public final class ActorAuthentication extends JwtAuthenticationToken {

    private final Actor actor;

    ActorAuthentication(Jwt jwt, Actor actor) {
        super(jwt, List.of(new SimpleGrantedAuthority(actor.role().authority())), actor.subject());
        this.actor = actor;
    }

    public Actor actor() {
        return actor;
    }
}
