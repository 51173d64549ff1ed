package org.proxytrunks.benchmark;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.time.Duration;

/** {@code POST /api/replay} on the projector, followed until it is DONE. */
final class Replay {

    /**
     * A replay.
     *
     * @param events     events the replay applied ({@code eventsApplied})
     * @param offsets    offsets it read ({@code done}: events plus transaction markers)
     * @param seconds    from the POST until DONE was seen (polled every 100 ms)
     * @param serverRate the projector's own {@code ratePerSecond} (offsets per second)
     * @param generation the generation built
     */
    record Result(long events, long offsets, double seconds, long serverRate, int generation) {
        double eventsPerSecond() {
            return seconds <= 0 ? 0 : events / seconds;
        }
    }

    private Replay() {
    }

    static Result run(Api api, Duration limit) throws IOException, InterruptedException {
        long start = System.nanoTime();
        JsonNode started = api.call(api.post(api.settings().projectorUrl(), "/api/replay"));
        int generation = started.path("generation").asInt();
        long deadline = start + limit.toNanos();
        long lastSaid = start;
        while (true) {
            JsonNode status = api.call(api.get(api.settings().projectorUrl(), "/api/replay"));
            long now = System.nanoTime();
            if ("DONE".equals(status.path("state").asText()) && status.path("generation").asInt() >= generation) {
                return new Result(status.path("eventsApplied").asLong(), status.path("done").asLong(), (now - start) / 1e9,
                        status.path("ratePerSecond").asLong(), status.path("generation").asInt());
            }
            if (now - deadline > 0) {
                throw new IOException("the replay was not DONE within " + limit.toSeconds() + " s: " + status);
            }
            if (now - lastSaid > 2_000_000_000L) {
                Progress.say("replay: %s, %d of %d offsets, %d events applied", status.path("state").asText(),
                        status.path("done").asLong(), status.path("total").asLong(), status.path("eventsApplied").asLong());
                lastSaid = now;
            }
            Threads.sleep(100);
        }
    }
}
