package org.proxytrunks.testing;

import java.util.concurrent.atomic.AtomicBoolean;

/** Whether {@link Tripwire} went off in this JVM, kept outside it: asking must not load it. */
public final class TripwireState {

    private static final AtomicBoolean TRIPPED = new AtomicBoolean();

    private TripwireState() {
    }

    static void trip() {
        TRIPPED.set(true);
    }

    /** Whether {@link Tripwire} was loaded or constructed. */
    public static boolean tripped() {
        return TRIPPED.get();
    }
}
