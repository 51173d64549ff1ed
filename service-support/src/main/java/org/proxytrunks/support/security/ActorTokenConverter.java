package org.proxytrunks.support.security;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads the actor from a verified token: exactly one of the roles {@code GOD},
 * {@code BRAND_ADMIN}, {@code SERVICE} in the {@code roles} claim, and a well-formed
 * {@code brand_id} claim for a brand admin. Any other token is refused as invalid (401).
 */
final class ActorTokenConverter implements Converter<Jwt, AbstractAuthenticationToken> {

    static final String ROLES_CLAIM = "roles";
    static final String BRAND_CLAIM = "brand_id";
    private static final Pattern BRAND_ID = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9_-]{0,62}[A-Za-z0-9])?");

    @Override
    public AbstractAuthenticationToken convert(Jwt jwt) {
        List<String> roles = jwt.getClaimAsStringList(ROLES_CLAIM);
        if (roles == null || roles.size() != 1) {
            throw new InvalidBearerTokenException("the token must carry exactly one role in its 'roles' claim");
        }
        Role role = switch (roles.get(0)) {
            case "GOD" -> Role.GOD;
            case "BRAND_ADMIN" -> Role.BRAND_ADMIN;
            case "SERVICE" -> Role.SERVICE;
            default -> throw new InvalidBearerTokenException("the token's role is not one of GOD, BRAND_ADMIN, SERVICE");
        };
        String subject = jwt.getSubject();
        if (subject == null || subject.isBlank()) {
            throw new InvalidBearerTokenException("the token has no subject");
        }
        String brand = null;
        if (role == Role.BRAND_ADMIN) {
            brand = jwt.getClaimAsString(BRAND_CLAIM);
            if (brand == null || !BRAND_ID.matcher(brand).matches()) {
                throw new InvalidBearerTokenException("a BRAND_ADMIN token needs a valid 'brand_id' claim");
            }
        }
        return new ActorAuthentication(jwt, new Actor(subject, role, brand));
    }
}
