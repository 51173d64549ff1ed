package org.proxytrunks.support.dryrun;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.AbstractOAuth2TokenAuthenticationToken;

import java.util.Optional;

/** The bearer token of the request being served, to ask another service on the caller's behalf, with no more rights than the caller's. */
public final class CallerBearer {

    private CallerBearer() {
    }

    public static Optional<String> current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication instanceof AbstractOAuth2TokenAuthenticationToken<?> token
                ? Optional.of(token.getToken().getTokenValue()) : Optional.empty();
    }
}
