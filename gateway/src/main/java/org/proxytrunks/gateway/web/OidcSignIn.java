package org.proxytrunks.gateway.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.proxytrunks.gateway.signin.PlatformTokens;
import org.proxytrunks.gateway.signin.SignedIn;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.context.SecurityContextRepository;

import java.io.IOException;

/**
 * After the platform's OpenID Connect provider signed a person in: the access token it issued
 * is read like any platform token (role, brand) and becomes the session's actor, relayed to the
 * services. A person whose token carries no dashboard role is not signed in.
 */
final class OidcSignIn implements AuthenticationSuccessHandler {

    private final PlatformTokens tokens;
    private final SecurityContextRepository contexts;
    private final OAuth2AuthorizedClientRepository clients;

    OidcSignIn(PlatformTokens tokens, SecurityContextRepository contexts, OAuth2AuthorizedClientRepository clients) {
        this.tokens = tokens;
        this.contexts = contexts;
        this.clients = clients;
    }

    @Override
    public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response, Authentication authentication)
            throws IOException {
        OAuth2AuthenticationToken login = (OAuth2AuthenticationToken) authentication;
        OAuth2AuthorizedClient client = clients.loadAuthorizedClient(login.getAuthorizedClientRegistrationId(), login, request);
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        try {
            if (client == null) {
                throw new PlatformTokens.InvalidSignIn("The provider gave no access token.");
            }
            context.setAuthentication(new SignedIn(tokens.verify(client.getAccessToken().getTokenValue()).actor()));
        } catch (PlatformTokens.InvalidSignIn e) {
            SecurityContextHolder.clearContext();
            request.getSession().invalidate();
            response.sendError(HttpServletResponse.SC_FORBIDDEN, e.getMessage());
            return;
        }
        SecurityContextHolder.setContext(context);
        contexts.saveContext(context, request, response);
        response.sendRedirect("/");
    }
}
