package org.proxytrunks.support.security;

import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers the tokens whose signature has been verified, so that a client sending the same
 * token with every request (the normal case) costs one RSA signature check, not one per request.
 * A remembered token is still validated on every use (expiry, not-before, issuer, audience);
 * once that fails it is forgotten and decoded again, which gives the usual error. The cache
 * holds at most {@code capacity} tokens and is emptied when it is full.
 */
final class VerifiedTokens implements JwtDecoder {

    private final JwtDecoder decoder;
    private final OAuth2TokenValidator<Jwt> validator;
    private final int capacity;
    private final Map<String, Jwt> verified = new ConcurrentHashMap<>();

    VerifiedTokens(JwtDecoder decoder, OAuth2TokenValidator<Jwt> validator, int capacity) {
        this.decoder = decoder;
        this.validator = validator;
        this.capacity = capacity;
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        Jwt known = verified.get(token);
        if (known != null) {
            if (!validator.validate(known).hasErrors()) {
                return known;
            }
            verified.remove(token);
        }
        Jwt decoded = decoder.decode(token);
        if (verified.size() >= capacity) {
            verified.clear();
        }
        verified.put(token, decoded);
        return decoded;
    }
}
