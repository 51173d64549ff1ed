package org.proxytrunks.support.kafka;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/** The number of parked records as the gauge {@code proxytrunks.parked.records}, for alerting. */
public final class ParkedRecordsMetrics implements MeterBinder {

    /** The gauge's name. */
    public static final String NAME = "proxytrunks.parked.records";

    private final ParkedRecords parked;

    public ParkedRecordsMetrics(ParkedRecords parked) {
        this.parked = parked;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder(NAME, parked, ParkedRecords::count)
                .description("Kafka records that could not be decoded or applied and were set aside")
                .register(registry);
    }
}
