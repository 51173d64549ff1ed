package org.proxytrunks.gateway.signin;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

import java.nio.charset.StandardCharsets;

/**
 * The one-time sign-in link. Opening it shows whom it signs in and a button; only the button's
 * POST (CSRF-protected) takes the link and opens the session. A link opened by a mail scanner or
 * a browser's prefetch is therefore not used up, and no page elsewhere can sign a browser in as
 * someone else.
 */
@RestController
class SignInController {

    private static final Logger log = LoggerFactory.getLogger(SignInController.class);

    private final SignInLinks links;
    private final SecurityContextRepository contexts;

    SignInController(SignInLinks links, SecurityContextRepository contexts) {
        this.links = links;
        this.contexts = contexts;
    }

    @GetMapping(value = "/sign-in", produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> confirm(@RequestParam(name = "token", required = false) String token, HttpServletRequest request) {
        SessionActor actor;
        try {
            actor = links.preview(token);
        } catch (PlatformTokens.InvalidSignIn e) {
            return refused(e.getMessage());
        }
        CsrfToken csrf = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
        String who = actor.brand() == null ? "the platform operator (God)" : "an administrator of brand " + actor.brand();
        return page(HttpStatus.OK, "Sign in",
                "<p>This link signs you in to the Proxy Trunks dashboard as " + escape(who) + ".</p>"
                        + "<form method=\"post\" action=\"/sign-in\">"
                        + "<input type=\"hidden\" name=\"token\" value=\"" + escape(token) + "\">"
                        + "<input type=\"hidden\" name=\"" + escape(csrf.getParameterName()) + "\" value=\"" + escape(csrf.getToken()) + "\">"
                        + "<button type=\"submit\" id=\"sign-in\">Sign in</button></form>");
    }

    @PostMapping(value = "/sign-in", produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> signIn(@RequestParam(name = "token", required = false) String token,
                                  HttpServletRequest request, HttpServletResponse response) {
        SessionActor actor;
        try {
            actor = links.take(token);
        } catch (PlatformTokens.InvalidSignIn e) {
            return refused(e.getMessage());
        }
        // a new session for the signed-in person: an id fixed before sign-in is worth nothing after it
        HttpSession before = request.getSession(false);
        if (before != null) {
            before.invalidate();
        }
        request.getSession(true);
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(new SignedIn(actor));
        SecurityContextHolder.setContext(context);
        contexts.saveContext(context, request, response);
        log.info("Signed in with a one-time link: {}", actor);
        return ResponseEntity.status(HttpStatus.SEE_OTHER).header(HttpHeaders.LOCATION, "/").build();
    }

    private static ResponseEntity<String> refused(String reason) {
        return page(HttpStatus.BAD_REQUEST, "Sign-in link refused", "<p id=\"sign-in-refused\">" + escape(reason) + "</p>"
                + "<p><a href=\"/\">Back to the dashboard</a></p>");
    }

    private static ResponseEntity<String> page(HttpStatus status, String title, String body) {
        return ResponseEntity.status(status).contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + escape(title)
                        + " · Proxy Trunks</title><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                        + "<link rel=\"icon\" href=\"/favicon.svg\" type=\"image/svg+xml\"><link rel=\"stylesheet\" href=\"/app.css\"></head><body><main class=\"sign-in-page\"><h1>" + escape(title)
                        + "</h1>" + body + "</main></body></html>");
    }

    private static String escape(String text) {
        return HtmlUtils.htmlEscape(text == null ? "" : text);
    }
}
