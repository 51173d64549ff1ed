package org.proxytrunks.support.axon;

import org.axonframework.serialization.RevisionResolver;
import org.proxytrunks.events.EventRevision;

/**
 * Gives Axon the revision that {@code shared-events} declares with its own
 * {@link EventRevision} annotation, so that the contract module needs no Axon annotations.
 */
public final class EventRevisionResolver implements RevisionResolver {

    @Override
    public String revisionOf(Class<?> payloadType) {
        EventRevision revision = payloadType.getAnnotation(EventRevision.class);
        return revision == null ? null : revision.value();
    }
}
