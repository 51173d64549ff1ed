package org.proxytrunks.support.health;

import org.proxytrunks.support.kafka.EventFollower;
import org.proxytrunks.support.kafka.ParkedRecords;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The health of a service's {@link EventFollower}s: DOWN when one of them has stopped following
 * (its thread ended: nothing it feeds moves any more), {@link #DEGRADED} when records were
 * parked (the service works, but some events are missing from what it serves until an operator
 * looks), UP otherwise.
 *
 * <p>DEGRADED is a status of its own rather than UP with a detail, so that monitoring that reads
 * only the status sees it; a service that registers this indicator orders it between DOWN and UP
 * and answers it with HTTP 200 (it still serves), in its configuration:
 * <pre>
 * management.endpoint.health.status.order: DOWN, OUT_OF_SERVICE, DEGRADED, UP, UNKNOWN
 * management.endpoint.health.status.http-mapping.DEGRADED: 200
 * </pre>
 */
public final class EventFollowerHealthIndicator extends AbstractHealthIndicator {

    /** Working, with records parked. */
    public static final Status DEGRADED = new Status("DEGRADED", "records were parked");

    private final Supplier<? extends Collection<EventFollower>> followers;
    private final ParkedRecords parked;

    /**
     * @param followers the followers that should be running now (asked at every check: a service
     *                  may replace them, as the projector does after a replay)
     * @param parked    where they park records
     */
    public EventFollowerHealthIndicator(Supplier<? extends Collection<EventFollower>> followers, ParkedRecords parked) {
        super("Event followers' health check failed");
        this.followers = followers;
        this.parked = parked;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Collection<EventFollower> current = followers.get();
        Map<String, Object> details = new LinkedHashMap<>();
        current.forEach(follower -> details.put(follower.name(), details(follower)));
        long parkedCount = parked.count();
        if (current.isEmpty() || !current.stream().allMatch(EventFollower::alive)) {
            builder.down();
        } else if (parkedCount > 0) {
            builder.status(DEGRADED);
        } else {
            builder.up();
        }
        builder.withDetail("followers", details).withDetail("parkedRecords", parkedCount);
    }

    private static Map<String, Object> details(EventFollower follower) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("alive", follower.alive());
        details.put("applied", follower.applied());
        if (follower.lastError() != null) {
            details.put("lastError", follower.lastError());
        }
        return details;
    }
}
