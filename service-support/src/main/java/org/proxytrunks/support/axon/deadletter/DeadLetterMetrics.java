package org.proxytrunks.support.axon.deadletter;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;


/**
 * The gauge {@code proxytrunks.dead.letters}: the number of parked events, one time series per
 * processing group (tag {@code processing.group}), read from the queue when it is scraped.
 * Alert on it above zero: a parked event waits for an operator.
 */
final class DeadLetterMetrics implements MeterBinder {

    static final String NAME = "proxytrunks.dead.letters";

    private final DeadLetters deadLetters;

    DeadLetterMetrics(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (String group : deadLetters.groups()) {
            Gauge.builder(NAME, deadLetters, letters -> letters.count(group))
                    .tag("processing.group", group)
                    .description("Events parked in the dead-letter queue of a processing group, waiting for a retry")
                    .register(registry);
        }
    }
}
