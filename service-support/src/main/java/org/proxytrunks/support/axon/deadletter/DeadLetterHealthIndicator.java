package org.proxytrunks.support.axon.deadletter;

import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

import java.util.Map;

/**
 * Health component {@code deadLetters}: UP while no event is parked, {@link #DEGRADED} while any
 * is, with the number per processing group as details. A parked event is work for an operator,
 * not a reason to restart the service or take it out of a load balancer: the services map
 * DEGRADED to HTTP 200 and rank it between OUT_OF_SERVICE and UP
 * ({@code management.endpoint.health.status.*} in their configuration), so the overall health
 * says DEGRADED without hiding a DOWN.
 */
final class DeadLetterHealthIndicator extends AbstractHealthIndicator {

    /** Serving, but with parked events waiting for a retry. */
    static final Status DEGRADED = new Status("DEGRADED", "events are parked in a dead-letter queue; see GET /api/dead-letters");

    private final DeadLetters deadLetters;

    DeadLetterHealthIndicator(DeadLetters deadLetters) {
        super("cannot read the dead-letter queues");
        this.deadLetters = deadLetters;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Map<String, Long> counts = deadLetters.counts();
        long parked = counts.values().stream().mapToLong(Long::longValue).sum();
        builder.status(parked == 0 ? Status.UP : DEGRADED).withDetail("parked", parked).withDetail("processingGroups", counts);
    }
}
