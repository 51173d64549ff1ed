package org.proxytrunks.support.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * Spring Security's firewall, applied before any other filter. In the security filter chain it
 * runs too late for some paths: Spring MVC's path parsing runs in a filter ahead of the chain, and
 * a path parameter with a broken escape ({@code /api/addresses/a;b%}) made it throw, a 500
 * before the firewall could refuse the ';'. The same firewall and the same refusal (a 400
 * problem detail) here; the chain's own check then passes what this one passed.
 */
final class FirewallFirstFilter extends OncePerRequestFilter {

    private final HttpFirewall firewall;
    private final RequestRejectedHandler refusal;

    FirewallFirstFilter(HttpFirewall firewall, RequestRejectedHandler refusal) {
        this.firewall = firewall;
        this.refusal = refusal;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            firewall.getFirewalledRequest(request);
        } catch (RequestRejectedException rejected) {
            refusal.handle(request, response, rejected);
            return;
        }
        chain.doFilter(request, response);
    }
}
