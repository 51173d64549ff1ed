package org.proxytrunks.benchmark.stats;

import java.util.Arrays;

/**
 * Collects latencies (nanoseconds) from many threads. Every value is kept (a phase has at most a
 * few hundred thousand), so the percentiles are exact rather than bucketed.
 */
public final class LatencyRecorder {

    private long[] values = new long[256];
    private int size;

    public synchronized void record(long nanos) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = Math.max(0, nanos);
    }

    public synchronized int count() {
        return size;
    }

    public synchronized long[] toArray() {
        return Arrays.copyOf(values, size);
    }

    public LatencySummary summary() {
        return LatencySummary.of(toArray());
    }
}
