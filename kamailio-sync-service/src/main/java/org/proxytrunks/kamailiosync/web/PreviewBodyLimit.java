package org.proxytrunks.kamailiosync.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import org.proxytrunks.support.web.ProblemWriter;
import org.proxytrunks.support.web.RequestBodyLimitFilter;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * The request body limit of this service ({@code proxytrunks.web.max-body-bytes}) is raised for
 * the preview alone, whose body lists every event of a dry run (a removal that moves hundreds of
 * providers lists thousands); every other path keeps the suite's usual limit
 * ({@code proxytrunks.web.usual-max-body-bytes}), so that nothing else makes the service buffer more.
 */
@Configuration(proxyBeanMethods = false)
class PreviewBodyLimit {

    static final String PREVIEW = "/api/preview";

    @Bean
    FilterRegistrationBean<Filter> usualBodyLimitOutsidePreview(@Value("${proxytrunks.web.usual-max-body-bytes:16384}") long limit,
                                                                ObjectMapper json) {
        RequestBodyLimitFilter usual = new RequestBodyLimitFilter(limit, new ProblemWriter(json));
        // its own name, so that it does not take the service-wide limit's "already filtered" mark for its own
        usual.setBeanName("usualBodyLimitOutsidePreview");
        Filter outsidePreview = (request, response, chain) -> {
            if (PREVIEW.equals(((HttpServletRequest) request).getRequestURI())) {
                chain.doFilter(request, response);
            } else {
                usual.doFilter(request, response, chain);
            }
        };
        FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(outsidePreview);
        // beside the service-wide limit: ahead of the firewall and of everything that reads the path or the body
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }
}
