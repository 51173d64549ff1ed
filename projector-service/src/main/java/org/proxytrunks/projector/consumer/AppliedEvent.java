package org.proxytrunks.projector.consumer;

import org.proxytrunks.events.assignment.BrandEvent;
import org.proxytrunks.support.kafka.EventEnvelope;

/**
 * An event whose effect is in the read models.
 *
 * @param aggregate the aggregate id (an address id, {@code brand:<id>}, {@code address-usage:<id>})
 * @param sequence  its sequence in the aggregate
 * @param type      the event type's simple name
 * @param brand     the brand of a brand's event, else null (as the audit log files it)
 */
public record AppliedEvent(String aggregate, long sequence, String type, String brand) {

    static AppliedEvent of(EventEnvelope event) {
        String brand = event.payload() instanceof BrandEvent brandEvent ? brandEvent.brandId().value() : null;
        return new AppliedEvent(event.key(), event.sequence(), event.type(), brand);
    }

    /** As command answers name it in {@code X-Event-Position}: {@code <aggregate>:<sequence>}. */
    public String position() {
        return aggregate + ":" + sequence;
    }
}
