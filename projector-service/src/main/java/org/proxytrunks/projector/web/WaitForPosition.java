package org.proxytrunks.projector.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.proxytrunks.projector.query.ReadModelQueries;
import org.proxytrunks.support.web.InvalidRequestException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Read-your-writes for clients: every command answer carries {@code X-Event-Position:
 * <aggregate id>:<sequence>}; a query with {@code ?waitFor=} that value is answered only once the
 * read models include that event (up to {@code proxytrunks.projector.wait-for}, else 503 with
 * {@code Retry-After}).
 */
@Configuration(proxyBeanMethods = false)
class WaitForPosition implements WebMvcConfigurer {

    private static final Pattern POSITION = Pattern.compile("((?:brand:|address-usage:)?[A-Za-z0-9_-]{1,64}):(\\d{1,18})");

    private final ReadModelQueries queries;
    private final Duration timeout;

    WaitForPosition(ReadModelQueries queries, @Value("${proxytrunks.projector.wait-for:10s}") Duration timeout) {
        this.queries = queries;
        this.timeout = timeout;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new HandlerInterceptor() {
            @Override
            public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
                String position = request.getParameter("waitFor");
                if (position == null) {
                    return true;
                }
                Matcher matcher = POSITION.matcher(position);
                if (!matcher.matches()) {
                    throw new InvalidRequestException("waitFor", "must be an X-Event-Position value: <aggregate id>:<sequence>");
                }
                if (!queries.awaitPosition(matcher.group(1), Long.parseLong(matcher.group(2)), timeout)) {
                    throw new NotCaughtUpException(position);
                }
                return true;
            }
        }).addPathPatterns("/api/addresses/**", "/api/brands/**", "/api/audit/**", "/api/addresses", "/api/audit");
    }

    /** The read models have not reached the awaited event in time. */
    static final class NotCaughtUpException extends RuntimeException {
        NotCaughtUpException(String position) {
            super("The read models have not reached event " + position + " yet; retry in a moment.");
        }
    }
}
