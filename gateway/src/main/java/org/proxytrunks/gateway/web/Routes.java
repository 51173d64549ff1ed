package org.proxytrunks.gateway.web;

import org.proxytrunks.gateway.GatewayProperties;
import org.proxytrunks.gateway.signin.SessionActor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.servlet.function.RequestPredicate;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

import java.net.URI;

import static org.springframework.cloud.gateway.server.mvc.filter.BeforeFilterFunctions.rewritePath;
import static org.springframework.cloud.gateway.server.mvc.filter.BeforeFilterFunctions.uri;
import static org.springframework.cloud.gateway.server.mvc.handler.GatewayRouterFunctions.route;
import static org.springframework.cloud.gateway.server.mvc.handler.HandlerFunctions.http;
import static org.springframework.cloud.gateway.server.mvc.predicate.GatewayRequestPredicates.method;
import static org.springframework.cloud.gateway.server.mvc.predicate.GatewayRequestPredicates.path;

/**
 * Which service answers what, on the one origin: commands go to the service that owns the
 * aggregate, queries to the projector, {@code /api/kamailio/**} to the sync service's own
 * {@code /api/**}. Every relayed request carries the signed-in person's token and nothing the
 * browser sent to authenticate itself (its session cookie and any Authorization header are
 * removed): the services decide, with the token, what that person may do.
 */
@Configuration(proxyBeanMethods = false)
class Routes {

    private static final HttpMethod[] COMMANDS = {HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE};

    @Bean
    RouterFunction<ServerResponse> addressRemovalProgress(GatewayProperties services) {
        return relay("address-removal", path("/api/addresses/*/removal").and(method(HttpMethod.GET)), services.addressService());
    }

    @Bean
    RouterFunction<ServerResponse> addressCommands(GatewayProperties services) {
        return relay("address-commands", path("/api/addresses", "/api/addresses/**").and(method(COMMANDS)), services.addressService());
    }

    @Bean
    RouterFunction<ServerResponse> brandCommands(GatewayProperties services) {
        return relay("brand-commands", path("/api/brands/**").and(method(COMMANDS)), services.assignmentService());
    }

    @Bean
    RouterFunction<ServerResponse> queries(GatewayProperties services) {
        return relay("queries", path("/api/addresses", "/api/addresses/**", "/api/brands", "/api/brands/**", "/api/audit",
                "/api/replay", "/api/replay/**").and(method(HttpMethod.GET).or(path("/api/replay", "/api/replay/**"))), services.projector());
    }

    @Bean
    RouterFunction<ServerResponse> kamailio(GatewayProperties services) {
        return route("kamailio")
                .route(path("/api/kamailio/**"), http())
                .before(uri(services.kamailioSync()))
                .before(rewritePath("/api/kamailio/(?<rest>.*)", "/api/${rest}"))
                .before(Routes::relayBearer)
                .build();
    }

    private static RouterFunction<ServerResponse> relay(String id, RequestPredicate predicate, URI service) {
        return route(id).route(predicate, http()).before(uri(service)).before(Routes::relayBearer).build();
    }

    /** The session's token as the bearer, and neither the browser's cookies nor its own Authorization. */
    static ServerRequest relayBearer(ServerRequest request) {
        ServerRequest stripped = ServerRequest.from(request).headers(headers -> {
            headers.remove(HttpHeaders.COOKIE);
            headers.remove(HttpHeaders.AUTHORIZATION);
            headers.remove(GatewaySecurity.CSRF_HEADER);
        }).build();
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !(authentication.getPrincipal() instanceof SessionActor actor)) {
            return stripped;
        }
        return ServerRequest.from(stripped).header(HttpHeaders.AUTHORIZATION, "Bearer " + actor.bearer()).build();
    }
}
