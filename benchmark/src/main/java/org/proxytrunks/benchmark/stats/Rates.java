package org.proxytrunks.benchmark.stats;

/** Rates and ratios. */
public final class Rates {

    private Rates() {
    }

    /** {@code count} per second over {@code nanos}; 0 for an empty interval. */
    public static double perSecond(long count, long nanos) {
        if (nanos <= 0) {
            return 0;
        }
        return count * 1e9 / nanos;
    }

    /** {@code value / baseline}, or null when either is unknown or the baseline is not positive. */
    public static Double ratio(Double value, Double baseline) {
        if (value == null || baseline == null || value.isNaN() || baseline.isNaN() || baseline <= 0) {
            return null;
        }
        return value / baseline;
    }
}
