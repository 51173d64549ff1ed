package org.proxytrunks.gateway.web;

import org.proxytrunks.gateway.signin.SessionActor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Who the dashboard is signed in as, and how a person can sign in. */
@RestController
class MeController {

    static final String OIDC_REGISTRATION = "platform";

    private final boolean oidc;

    MeController(ObjectProvider<ClientRegistrationRepository> registrations) {
        ClientRegistrationRepository repository = registrations.getIfAvailable();
        this.oidc = repository != null && repository.findByRegistrationId(OIDC_REGISTRATION) != null;
    }

    /** The signed-in person, as the page needs it to show only what their role allows; never the token. */
    @GetMapping("/api/me")
    Me me(@AuthenticationPrincipal SessionActor actor) {
        return new Me(actor.subject(), actor.role(), actor.brand(), actor.expiresAt());
    }

    /** Whether the platform's OpenID Connect provider signs people in here, and where to start. */
    @GetMapping("/api/sign-in-options")
    Map<String, Object> signInOptions() {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("oidc", oidc);
        options.put("oidcLoginUrl", oidc ? "/oauth2/authorization/" + OIDC_REGISTRATION : null);
        options.put("oneTimeLinks", "./run.sh login god | ./run.sh login brand-admin BRAND");
        return options;
    }

    record Me(String subject, String role, String brand, Instant expiresAt) {
    }
}
