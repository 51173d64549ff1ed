package org.proxytrunks.benchmark.stats;

import org.junit.jupiter.api.Test;

import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class LatencySummaryTest {

    private static final long MS = 1_000_000L;

    @Test
    void percentilesOfOneToAHundredAreTheRanks() {
        long[] nanos = LongStream.rangeClosed(1, 100).map(v -> v * MS).toArray();
        LatencySummary summary = LatencySummary.of(nanos);
        assertThat(summary.count()).isEqualTo(100);
        assertThat(summary.p50Ms()).isEqualTo(50.0);
        assertThat(summary.p90Ms()).isEqualTo(90.0);
        assertThat(summary.p99Ms()).isEqualTo(99.0);
        assertThat(summary.maxMs()).isEqualTo(100.0);
        assertThat(summary.meanMs()).isCloseTo(50.5, within(1e-9));
    }

    @Test
    void nearestRankIsAlwaysAMeasuredValue() {
        long[] sorted = {10, 20, 30, 40};
        assertThat(LatencySummary.percentile(sorted, 50)).isEqualTo(20);
        assertThat(LatencySummary.percentile(sorted, 51)).isEqualTo(30);
        assertThat(LatencySummary.percentile(sorted, 99)).isEqualTo(40);
        assertThat(LatencySummary.percentile(sorted, 100)).isEqualTo(40);
        assertThat(LatencySummary.percentile(sorted, 0.1)).isEqualTo(10);
        assertThat(LatencySummary.percentile(new long[]{7}, 99)).isEqualTo(7);
    }

    @Test
    void theInputOrderDoesNotMatterAndIsNotChanged() {
        long[] nanos = {5 * MS, 1 * MS, 4 * MS, 2 * MS, 3 * MS};
        LatencySummary summary = LatencySummary.of(nanos);
        assertThat(summary.p50Ms()).isEqualTo(3.0);
        assertThat(summary.maxMs()).isEqualTo(5.0);
        assertThat(nanos).containsExactly(5 * MS, 1 * MS, 4 * MS, 2 * MS, 3 * MS);
    }

    @Test
    void aSlowTailShowsInP99ButNotInTheMedian() {
        long[] nanos = new long[1000];
        for (int i = 0; i < nanos.length; i++) {
            nanos[i] = i < 985 ? 2 * MS : 500 * MS;
        }
        LatencySummary summary = LatencySummary.of(nanos);
        assertThat(summary.p50Ms()).isEqualTo(2.0);
        assertThat(summary.p90Ms()).isEqualTo(2.0);
        assertThat(summary.p99Ms()).isEqualTo(500.0);
    }

    @Test
    void emptyIsNotANumberAndLeavesTheNumbersOutOfTheMap() {
        LatencySummary empty = LatencySummary.of(new long[0]);
        assertThat(empty.isEmpty()).isTrue();
        assertThat(empty.p50Ms()).isNaN();
        assertThat(empty.toMap()).containsOnlyKeys("count").containsEntry("count", 0);
        assertThatThrownBy(() -> LatencySummary.percentile(new long[0], 50)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LatencySummary.percentile(new long[]{1}, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LatencySummary.percentile(new long[]{1}, 101)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theRecorderKeepsEveryValueFromManyThreads() throws InterruptedException {
        LatencyRecorder recorder = new LatencyRecorder();
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                for (int i = 1; i <= 1000; i++) {
                    recorder.record(i * MS);
                }
            });
            threads[t].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        recorder.record(-5);
        assertThat(recorder.count()).isEqualTo(4001);
        LatencySummary summary = recorder.summary();
        assertThat(summary.maxMs()).isEqualTo(1000.0);
        assertThat(recorder.toArray()).contains(0L);
        assertThat(summary.p50Ms()).isEqualTo(500.0);
    }
}
