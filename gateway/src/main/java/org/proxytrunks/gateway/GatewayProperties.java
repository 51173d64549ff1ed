package org.proxytrunks.gateway;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.URI;
import java.time.Duration;

/**
 * Where the services are, and how the gateway signs people in.
 *
 * @param addressService     the address service's base URI
 * @param assignmentService  the assignment service's base URI
 * @param projector          the projector's base URI
 * @param kamailioSync       the Kamailio sync service's base URI
 * @param signInLinkValidity how long after it was minted a one-time sign-in link is taken
 * @param audience           the audience a sign-in link's token must name (the services' audience: the
 *                           session calls them with it)
 * @param issuer             the issuer a sign-in link's token must name when verified with a key file
 * @param publicKeyLocation  the embedded stack's PEM public key, which verifies the tokens of its one-time links
 * @param jwkSetUri          the platform issuer's JWK set, used instead of the key file when set (production)
 */
@ConfigurationProperties("proxytrunks.gateway")
public record GatewayProperties(URI addressService, URI assignmentService, URI projector, URI kamailioSync,
                                @DefaultValue("10m") Duration signInLinkValidity,
                                String audience, String issuer, String publicKeyLocation, String jwkSetUri) {
}
