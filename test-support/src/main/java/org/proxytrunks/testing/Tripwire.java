package org.proxytrunks.testing;

/**
 * A class whose loading and construction have a side effect: a test names it in a Kafka record's
 * type header ({@link #NAME}, a constant, so naming it loads nothing) and then asks
 * {@link TripwireState#tripped()} whether anything loaded or built it.
 */
public final class Tripwire {

    /** The name a record gives as its type. */
    public static final String NAME = "org.proxytrunks.testing.Tripwire";

    static {
        TripwireState.trip();
    }

    public Tripwire() {
        TripwireState.trip();
    }
}
