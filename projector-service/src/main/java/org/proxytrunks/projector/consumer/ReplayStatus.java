package org.proxytrunks.projector.consumer;

import java.time.Instant;

/**
 * Where a replay stands. Progress counts Kafka offsets (events, plus the few transaction markers
 * between them) of both topics up to their ends when the replay started.
 *
 * @param state         NEVER, RUNNING or DONE
 * @param generation    the generation being built (or built)
 * @param done          offsets read
 * @param total         offsets to read
 * @param eventsApplied events applied so far
 * @param ratePerSecond offsets read per second
 * @param etaSeconds    estimated seconds left, while running
 * @param startedAt     when it started
 * @param finishedAt    when it switched over
 * @param lastError     the last error met (it retries), if any
 */
public record ReplayStatus(String state, int generation, long done, long total, long eventsApplied, long ratePerSecond,
                           Long etaSeconds, Instant startedAt, Instant finishedAt, String lastError) {

    static ReplayStatus never() {
        return new ReplayStatus("NEVER", 0, 0, 0, 0, 0, null, null, null, null);
    }

    ReplayStatus done(Instant at) {
        return new ReplayStatus("DONE", generation, total, total, eventsApplied, ratePerSecond, 0L, startedAt, at, lastError);
    }
}
