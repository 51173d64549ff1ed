package org.proxytrunks.projector.consumer;

import java.util.List;

/** Told what the live projection has written, once it is in the read models (a client told can query it). */
public interface ProjectionListener {

    /**
     * The events of a batch just written, in the order they were applied. Called on the
     * projection's thread: it must return at once and must not throw.
     */
    void applied(List<AppliedEvent> events);

    /**
     * A replay made another generation live. Events the new generation applied before it became
     * live were never passed to {@link #applied}: whoever follows the changes must read again.
     */
    void generationReplaced();
}
