package org.proxytrunks.support.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the keys that verify bearer tokens come from. Exactly one source is used, in this
 * order: {@code jwk-set-uri}, {@code issuer-uri} (OpenID discovery), {@code public-key-location}
 * (the embedded stack's PEM file).
 *
 * @param jwkSetUri         the platform issuer's JWK set
 * @param issuerUri         the platform issuer; also checked against the {@code iss} claim
 * @param publicKeyLocation a PEM public key file, as written by the embedded stack
 * @param issuer            the expected {@code iss} when verifying with a public key file
 * @param audience          the audience every token must name
 */
@ConfigurationProperties("proxytrunks.security.jwt")
public record JwtProperties(String jwkSetUri, String issuerUri, String publicKeyLocation, String issuer, String audience) {
}
