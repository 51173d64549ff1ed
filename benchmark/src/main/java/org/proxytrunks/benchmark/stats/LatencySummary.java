package org.proxytrunks.benchmark.stats;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Percentiles of a set of latencies, in milliseconds. Percentiles use the nearest-rank method: the
 * p-th percentile of n sorted values is the value at rank ceil(p/100 * n), so it is always a latency
 * that was actually measured (p100 is the maximum).
 *
 * @param count  how many latencies
 * @param p50Ms  median
 * @param p90Ms  90th percentile
 * @param p99Ms  99th percentile
 * @param maxMs  the largest
 * @param meanMs the arithmetic mean
 */
public record LatencySummary(int count, double p50Ms, double p90Ms, double p99Ms, double maxMs, double meanMs) {

    public static final LatencySummary EMPTY = new LatencySummary(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    /** The summary of {@code nanos} (not modified). */
    public static LatencySummary of(long[] nanos) {
        if (nanos.length == 0) {
            return EMPTY;
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        double sum = 0;
        for (long value : sorted) {
            sum += value;
        }
        return new LatencySummary(sorted.length, millis(percentile(sorted, 50)), millis(percentile(sorted, 90)),
                millis(percentile(sorted, 99)), millis(sorted[sorted.length - 1]), sum / sorted.length / 1e6);
    }

    /**
     * The nearest-rank {@code p}-th percentile (0 < p <= 100) of {@code sorted}, which must be sorted
     * ascending and not empty.
     */
    public static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        if (!(p > 0 && p <= 100)) {
            throw new IllegalArgumentException("percentile must be in (0, 100], not " + p);
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
    }

    public boolean isEmpty() {
        return count == 0;
    }

    /** The numbers for the JSON report (NaN left out). */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("count", count);
        if (count > 0) {
            map.put("p50Ms", Format.round(p50Ms, 3));
            map.put("p90Ms", Format.round(p90Ms, 3));
            map.put("p99Ms", Format.round(p99Ms, 3));
            map.put("maxMs", Format.round(maxMs, 3));
            map.put("meanMs", Format.round(meanMs, 3));
        }
        return map;
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }
}
