package org.proxytrunks.support.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import org.proxytrunks.support.web.ProblemWriter;
import org.proxytrunks.support.web.Problems;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoders;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.util.StringUtils;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Every endpoint but health needs a bearer token; the roles come from {@link ActorTokenConverter};
 * 401 and 403 are problem details. Which role may call what is declared on the controllers; the
 * actuator endpoints other than health are for God and services only.
 *
 * <p>A token is accepted only with an expiry ({@code exp}) and naming the configured audience:
 * a token that never expires cannot be revoked, and a token minted for another service of the
 * platform must not be replayed here. A service without an audience configured does not start.
 */
@AutoConfiguration
@EnableWebSecurity
@EnableMethodSecurity
@EnableConfigurationProperties(JwtProperties.class)
public class SecurityAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    SecurityFilterChain proxyTrunksSecurity(HttpSecurity http, ObjectMapper json) throws Exception {
        ProblemAuthenticationHandlers problems = new ProblemAuthenticationHandlers(json);
        return http
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(
                        "default-src 'self'; frame-ancestors 'none'; form-action 'self'")))
                .authorizeHttpRequests(requests -> {
                    requests.requestMatchers(HttpMethod.GET, "/actuator/health", "/actuator/health/**").permitAll()
                            .requestMatchers("/error").permitAll()
                            // metrics and build info describe the whole platform, not one brand
                            .requestMatchers("/actuator", "/actuator/**").hasAnyRole(Role.GOD.name(), Role.SERVICE.name());
                    requests.anyRequest().authenticated();
                })
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .jwt(jwt -> jwt.jwtAuthenticationConverter(new ActorTokenConverter()))
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems))
                .exceptionHandling(e -> e.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .build();
    }

    /**
     * What Spring Security's firewall refuses (a path with an encoded '/', '\' or '%', '..',
     * ';', '//', a line separator or anything but printable ASCII; a method no endpoint has; a
     * header with control characters) is a 400 problem detail. By default the firewall sends an
     * error, which Spring Boot's error page renders as JSON of its own.
     * <p>
     * A request Tomcat refused itself (a TRACE, 405) reaches the firewall on its way to the error
     * page, and the firewall refuses it again there: its answer keeps Tomcat's status.
     */
    @Bean
    @ConditionalOnMissingBean
    RequestRejectedHandler problemRequestRejectedHandler(ObjectMapper json) {
        ProblemWriter problems = new ProblemWriter(json);
        return (request, response, rejected) -> {
            HttpStatus refusedBefore = request.getDispatcherType() == DispatcherType.ERROR
                    && request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code ? HttpStatus.resolve(code) : null;
            if (refusedBefore != null && refusedBefore.isError()) {
                problems.write(request, response, Problems.of(refusedBefore, "request-refused", refusedBefore.getReasonPhrase(),
                        "The server refused the request (" + refusedBefore.value() + " " + refusedBefore.getReasonPhrase()
                                + ") before it reached the service."));
                return;
            }
            problems.write(request, response, Problems.of(HttpStatus.BAD_REQUEST,
                    "request-rejected", "Request rejected", "The request was refused before it reached the service: its method, "
                            + "path or headers hold something no endpoint takes (in the path: an encoded '/', '\\' or '%', '..', ';', "
                            + "'//', or characters other than printable ASCII, which must be percent-encoded)."));
        };
    }

    /** The firewall the security chain uses, {@link StrictHttpFirewall} with its defaults unless a service declares another. */
    @Bean
    @ConditionalOnMissingBean
    HttpFirewall strictHttpFirewall() {
        return new StrictHttpFirewall();
    }

    @Bean
    FilterRegistrationBean<FirewallFirstFilter> firewallFirstFilter(HttpFirewall firewall, RequestRejectedHandler refusal) {
        FilterRegistrationBean<FirewallFirstFilter> registration = new FilterRegistrationBean<>(new FirewallFirstFilter(firewall, refusal));
        // right after the body limit (HIGHEST_PRECEDENCE), ahead of everything that parses the path
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        return registration;
    }

    /** The default validators check {@code exp} only when a token has one; here it must. */
    private static final OAuth2TokenValidator<Jwt> EXPIRY_REQUIRED = jwt -> jwt.getExpiresAt() != null
            ? OAuth2TokenValidatorResult.success()
            : OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "the token has no expiry ('exp' claim)", null));

    @Bean
    @ConditionalOnMissingBean
    JwtDecoder jwtDecoder(JwtProperties properties) {
        if (!StringUtils.hasText(properties.audience())) {
            throw new IllegalStateException("No token audience: set JWT_AUDIENCE (proxytrunks.security.jwt.audience) to the"
                    + " audience every token for this service must name; without it tokens minted for any service would be accepted");
        }
        NimbusJwtDecoder decoder;
        String expectedIssuer = properties.issuer();
        if (StringUtils.hasText(properties.jwkSetUri())) {
            decoder = NimbusJwtDecoder.withJwkSetUri(properties.jwkSetUri()).build();
        } else if (StringUtils.hasText(properties.issuerUri())) {
            decoder = (NimbusJwtDecoder) JwtDecoders.fromIssuerLocation(properties.issuerUri());
            expectedIssuer = properties.issuerUri();
        } else if (StringUtils.hasText(properties.publicKeyLocation())) {
            decoder = NimbusJwtDecoder.withPublicKey(readPublicKey(properties.publicKeyLocation())).build();
        } else {
            throw new IllegalStateException("No token verification key: set JWT_PUBLIC_KEY_LOCATION, JWT_ISSUER_URI or JWT_JWK_SET_URI");
        }
        List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
        validators.add(StringUtils.hasText(expectedIssuer)
                ? JwtValidators.createDefaultWithIssuer(expectedIssuer) : JwtValidators.createDefault());
        validators.add(EXPIRY_REQUIRED);
        validators.add(audience(properties.audience()));
        OAuth2TokenValidator<Jwt> validator = new DelegatingOAuth2TokenValidator<>(validators);
        decoder.setJwtValidator(validator);
        return new VerifiedTokens(decoder, validator, 10_000);
    }

    private static OAuth2TokenValidator<Jwt> audience(String audience) {
        OAuth2Error wrongAudience = new OAuth2Error("invalid_token", "the token is not meant for '" + audience + "'", null);
        return jwt -> jwt.getAudience() != null && jwt.getAudience().contains(audience)
                ? OAuth2TokenValidatorResult.success() : OAuth2TokenValidatorResult.failure(wrongAudience);
    }

    private static RSAPublicKey readPublicKey(String location) {
        String resource = location.contains(":") ? location : "file:" + location;
        try (InputStream in = new DefaultResourceLoader().getResource(resource).getInputStream()) {
            String pem = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            byte[] der = Base64.getDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
            return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the token verification key " + location
                    + " (the embedded stack writes it on first start)", e);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("the token verification key " + location + " is not an RSA public key in PEM", e);
        }
    }
}
