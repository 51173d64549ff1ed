package org.proxytrunks.projector.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.proxytrunks.projector.query.ReadModelQueries;
import org.proxytrunks.support.security.Actor;
import org.proxytrunks.support.security.Role;
import org.proxytrunks.support.web.InvalidRequestException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Read-your-writes for clients: every command answer carries {@code X-Event-Position:
 * <aggregate id>:<sequence>}; a query with {@code ?waitFor=} that value is answered only once the
 * read models include that event (up to {@code proxytrunks.projector.wait-for}, else 503 with
 * {@code Retry-After}).
 *
 * <p>In this order, so that waiting tells nobody anything and costs a bounded amount:
 * <ol>
 * <li>the value must be a position (else 400);</li>
 * <li>the caller must be allowed to wait on that aggregate (else 403 at once, see
 *     {@link #mayWaitOn}): how long a wait takes shows whether and when the aggregate changes;</li>
 * <li>a position already applied is answered without waiting;</li>
 * <li>otherwise the request waits only when fewer than {@code proxytrunks.projector.max-waiters}
 *     requests are waiting (else 429 with {@code Retry-After}): a waiting request holds a server
 *     thread, and unreachable positions must not take them all.</li>
 * </ol>
 * A waiting request is woken by the projection; it never polls.
 */
@Configuration(proxyBeanMethods = false)
class WaitForPosition implements WebMvcConfigurer {

    private static final Pattern POSITION = Pattern.compile("((?:brand:|address-usage:)?[A-Za-z0-9_-]{1,64}):(\\d{1,18})");
    private static final String BRAND_AGGREGATE = "brand:";

    private final ReadModelQueries queries;
    private final Duration timeout;
    private final int maxWaiters;
    private final Semaphore waiters;

    WaitForPosition(ReadModelQueries queries, @Value("${proxytrunks.projector.wait-for:10s}") Duration timeout,
                    @Value("${proxytrunks.projector.max-waiters:64}") int maxWaiters) {
        if (maxWaiters < 1) {
            throw new IllegalArgumentException("proxytrunks.projector.max-waiters must be at least 1, not " + maxWaiters);
        }
        this.queries = queries;
        this.timeout = timeout;
        this.maxWaiters = maxWaiters;
        this.waiters = new Semaphore(maxWaiters);
    }

    /**
     * Whether {@code actor} may wait on events of {@code aggregate}: God and services on any; a
     * brand admin only on its own brand's aggregate {@code brand:<its brand>}, the only position
     * its own commands are answered with (its providers are events of that aggregate). Addresses
     * and address usage are changed by God and the platform's handshakes, and their sequences
     * move with every brand's activity, so a brand admin may not wait on them.
     */
    static boolean mayWaitOn(Actor actor, String aggregate) {
        return actor.role() != Role.BRAND_ADMIN || aggregate.equals(BRAND_AGGREGATE + actor.brandId());
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new HandlerInterceptor() {
            @Override
            public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
                String position = request.getParameter("waitFor");
                if (position != null) {
                    awaitPosition(position);
                }
                return true;
            }
        }).addPathPatterns("/api/addresses/**", "/api/brands/**", "/api/audit/**", "/api/addresses", "/api/brands", "/api/audit");
    }

    private void awaitPosition(String position) {
        Matcher matcher = POSITION.matcher(position);
        if (!matcher.matches()) {
            throw new InvalidRequestException("waitFor", "must be an X-Event-Position value: <aggregate id>:<sequence>");
        }
        String aggregate = matcher.group(1);
        long sequence = Long.parseLong(matcher.group(2));
        Actor actor = Actor.current().orElseThrow(() -> new AccessDeniedException("no actor"));
        if (!mayWaitOn(actor, aggregate)) {
            throw new AccessDeniedException("a brand admin waits only for events of its own brand (waitFor=brand:"
                    + actor.brandId() + ":<sequence>)");
        }
        if (queries.hasApplied(aggregate, sequence)) {
            return;
        }
        if (!waiters.tryAcquire()) {
            throw new TooManyWaitersException(maxWaiters);
        }
        try {
            if (!queries.awaitPosition(aggregate, sequence, timeout)) {
                throw new NotCaughtUpException(position);
            }
        } finally {
            waiters.release();
        }
    }

    /** The read models have not reached the awaited event in time. */
    static final class NotCaughtUpException extends RuntimeException {
        NotCaughtUpException(String position) {
            super("The read models have not reached event " + position + " yet; retry in a moment.");
        }
    }

    /** As many requests as allowed are already waiting for positions. */
    static final class TooManyWaitersException extends RuntimeException {
        TooManyWaitersException(int maxWaiters) {
            super(maxWaiters + " requests are already waiting for event positions; retry in a moment.");
        }
    }
}
