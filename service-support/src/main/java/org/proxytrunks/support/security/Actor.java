package org.proxytrunks.support.security;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

import java.util.Objects;
import java.util.Optional;

/**
 * Who is acting: the subject of the bearer token, its role, and for a brand admin the brand.
 *
 * @param subject the token's {@code sub}, or the name of a system component
 * @param role    the role
 * @param brandId the brand of a brand admin, else {@code null}
 */
public record Actor(String subject, Role role, String brandId) {

    public Actor {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(role, "role");
        if ((role == Role.BRAND_ADMIN) != (brandId != null)) {
            throw new IllegalArgumentException("a brand id goes with the BRAND_ADMIN role, and only with it");
        }
    }

    /** This suite acting on its own, for example registering the main address. */
    public static Actor system(String component) {
        return new Actor("system:" + component, Role.SYSTEM, null);
    }

    /** The actor of the current request, if one is authenticated. */
    public static Optional<Actor> current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication instanceof ActorAuthentication actorAuthentication) {
            return Optional.of(actorAuthentication.actor());
        }
        return Optional.empty();
    }

    /** Whether this actor may act for {@code brand}: God and services for every brand, a brand admin for its own. */
    public boolean mayActFor(String brand) {
        return role != Role.BRAND_ADMIN || brandId.equals(brand);
    }
}
