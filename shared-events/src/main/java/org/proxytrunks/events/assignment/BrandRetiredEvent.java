package org.proxytrunks.events.assignment;

import org.proxytrunks.events.BrandId;
import org.proxytrunks.events.EventRevision;

import java.util.Objects;

/**
 * The platform retired a brand; its provider and address assignments ended before this event, each with an event of its own.
 *
 * @param brandId the brand
 */
@EventRevision("1")
public record BrandRetiredEvent(BrandId brandId) implements BrandEvent {

    public BrandRetiredEvent {
        Objects.requireNonNull(brandId, "brandId");
    }
}
