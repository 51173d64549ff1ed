package org.proxytrunks.gateway.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.proxytrunks.gateway.GatewayProperties;
import org.proxytrunks.gateway.signin.PlatformTokens;
import org.proxytrunks.gateway.signin.SignInLinks;
import org.proxytrunks.gateway.signin.SignedIn;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.logout.HttpStatusReturningLogoutSuccessHandler;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;
import org.springframework.security.web.util.matcher.AntPathRequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;

/**
 * People sign in to the gateway, which holds their token in a server-side session; the browser
 * holds only the session cookie (HttpOnly, SameSite=Strict). Every change is CSRF-protected: the
 * page echoes the readable {@code XSRF-TOKEN} cookie in the {@value #CSRF_HEADER} header.
 * Unauthenticated API calls are a 401 problem detail (the page then shows how to sign in), never
 * a redirect. With an OpenID Connect client registration named {@code platform} the platform's
 * provider signs people in; otherwise only one-time links do.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
class GatewaySecurity {

    static final String CSRF_HEADER = "X-XSRF-TOKEN";

    @Bean
    SecurityContextRepository securityContextRepository() {
        return new HttpSessionSecurityContextRepository();
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    PlatformTokens platformTokens(GatewayProperties properties) {
        return PlatformTokens.of(properties.jwkSetUri(), properties.publicKeyLocation(), properties.issuer(), properties.audience());
    }

    @Bean
    SignInLinks signInLinks(PlatformTokens tokens, GatewayProperties properties, Clock clock) {
        return new SignInLinks(tokens, properties.signInLinkValidity(), clock);
    }

    @Bean
    SecurityFilterChain sessionSecurity(HttpSecurity http, SecurityContextRepository contexts, ObjectMapper json, Clock clock,
                                        ObjectProvider<ClientRegistrationRepository> oidc, PlatformTokens tokens,
                                        ObjectProvider<OAuth2AuthorizedClientRepository> oidcClients) throws Exception {
        CookieCsrfTokenRepository csrfCookie = CookieCsrfTokenRepository.withHttpOnlyFalse();
        csrfCookie.setHeaderName(CSRF_HEADER);
        csrfCookie.setCookieCustomizer(cookie -> cookie.sameSite("Strict").path("/"));
        http
                .securityContext(context -> context.securityContextRepository(contexts))
                .csrf(csrf -> csrf.csrfTokenRepository(csrfCookie).csrfTokenRequestHandler(new CsrfTokenRequestAttributeHandler()))
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(
                        "default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'")))
                .authorizeHttpRequests(requests -> requests
                        .dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR).permitAll()
                        .requestMatchers(HttpMethod.GET, "/", "/index.html", "/app.css", "/*.js", "/favicon.svg").permitAll()
                        .requestMatchers("/sign-in", "/api/sign-in-options", "/actuator/health", "/actuator/health/**", "/error").permitAll()
                        .requestMatchers("/api/**").hasAnyRole("GOD", "BRAND_ADMIN")
                        .anyRequest().authenticated())
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((request, response, refused) -> problem(json, request, response, HttpStatus.UNAUTHORIZED,
                                "Not signed in", "Sign in first: open a one-time sign-in link (./run.sh login god) or sign in with your organisation."))
                        .accessDeniedHandler((request, response, refused) -> problem(json, request, response, HttpStatus.FORBIDDEN,
                                "Not allowed", refused.getMessage() != null && refused.getMessage().contains("CSRF")
                                        ? "The request did not carry the page's CSRF token (" + CSRF_HEADER + "); reload the page."
                                        : "Your role does not allow this.")))
                .logout(logout -> logout.logoutRequestMatcher(new AntPathRequestMatcher("/logout", "POST"))
                        .logoutSuccessHandler(new HttpStatusReturningLogoutSuccessHandler(HttpStatus.NO_CONTENT))
                        .invalidateHttpSession(true).deleteCookies("PROXYTRUNKS_SESSION"))
                .addFilterAfter(new ExpiredSessionFilter(clock), SecurityContextHolderFilter.class)
                .addFilterAfter(new CsrfCookieFilter(), CsrfFilter.class);
        if (oidc.getIfAvailable() != null) {
            http.oauth2Login(login -> login.successHandler(new OidcSignIn(tokens, contexts, oidcClients.getObject())));
        }
        return http.build();
    }

    static void problem(ObjectMapper json, HttpServletRequest request, HttpServletResponse response, HttpStatus status,
                        String title, String detail) throws IOException {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        try {
            problem.setInstance(new URI(request.getRequestURI()));
        } catch (URISyntaxException ignored) {
            // a path that is not a URI is named nowhere
        }
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }

    /**
     * Sends the CSRF cookie with every answer: Spring Security loads the token only when a
     * request asks for it, and the page needs the cookie before its first change.
     */
    private static final class CsrfCookieFilter extends OncePerRequestFilter {
        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            CsrfToken token = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
            if (token != null) {
                token.getToken();
            }
            chain.doFilter(request, response);
        }
    }

    /** Ends a session whose relayed token has expired: the services would refuse it anyway, and the page should ask to sign in again. */
    private static final class ExpiredSessionFilter extends OncePerRequestFilter {
        private final Clock clock;

        ExpiredSessionFilter(Clock clock) {
            this.clock = clock;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
            if (authentication instanceof SignedIn signedIn && signedIn.expired(clock)) {
                SecurityContextHolder.clearContext();
                if (request.getSession(false) != null) {
                    request.getSession(false).invalidate();
                }
            }
            chain.doFilter(request, response);
        }
    }
}
