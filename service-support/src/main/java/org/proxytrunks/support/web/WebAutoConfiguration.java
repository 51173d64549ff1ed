package org.proxytrunks.support.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

import java.util.Map;

/**
 * Strict JSON for requests (unknown fields, duplicate keys, numbers where text is expected and
 * trailing content are refused, each naming the field), the request body limit, the
 * problem-details advice, and problem details for what Tomcat refuses before any of them runs.
 */
@AutoConfiguration
@Import(ProblemDetailsAdvice.class)
public class WebAutoConfiguration {

    @Bean
    Jackson2ObjectMapperBuilderCustomizer strictRequestJson() {
        return builder -> builder
                .featuresToEnable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
                        DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES,
                        DeserializationFeature.FAIL_ON_TRAILING_TOKENS,
                        JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .postConfigurer(WebAutoConfiguration::refuseScalarCoercion);
    }

    private static void refuseScalarCoercion(ObjectMapper mapper) {
        for (LogicalType type : new LogicalType[] {LogicalType.Textual, LogicalType.Boolean, LogicalType.Integer,
                LogicalType.Float, LogicalType.Collection, LogicalType.POJO}) {
            mapper.coercionConfigFor(type)
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
            if (type != LogicalType.Textual) {
                mapper.coercionConfigFor(type).setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
            }
        }
        mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
    }

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReports(ObjectMapper json) {
        return new ProblemErrorReportValve.Installer(json);
    }

    @Bean
    FilterRegistrationBean<ActuatorProblemFilter> actuatorProblemFilter(ObjectMapper json) {
        FilterRegistrationBean<ActuatorProblemFilter> registration = new FilterRegistrationBean<>(new ActuatorProblemFilter(new ProblemWriter(json)));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
        return registration;
    }

    @Bean
    FilterRegistrationBean<RequestBodyLimitFilter> requestBodyLimitFilter(
            @Value("${proxytrunks.web.max-body-bytes:16384}") long limit, Environment environment, ObjectMapper json) {
        // proxytrunks.web.max-body-bytes-by-path."[/api/preview]": a path's own limit
        Map<String, Long> byPath = Binder.get(environment)
                .bind("proxytrunks.web.max-body-bytes-by-path", Bindable.mapOf(String.class, Long.class)).orElse(Map.of());
        FilterRegistrationBean<RequestBodyLimitFilter> registration =
                new FilterRegistrationBean<>(new RequestBodyLimitFilter(limit, byPath, new ProblemWriter(json)));
        // first of all: a declared length over the limit is refused as 413 whatever else the request holds
        // (a method or path the firewall would refuse included); it reads nothing but the header
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }
}
