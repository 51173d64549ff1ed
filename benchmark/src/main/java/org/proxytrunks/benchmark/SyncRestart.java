package org.proxytrunks.benchmark;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The kamailio-sync-service stopped and started again, followed until its desired state has caught
 * up with the events ({@code feed.caughtUp} in {@code GET /api/status}); and, as its baseline, a
 * rebuild of that state from the beginning of the topics ({@code POST /api/rebuild}), which is what
 * every start cost before the service resumed from its snapshot in MongoDB.
 *
 * <p>The restart goes through the keeper that bench.sh puts between run.sh and the service
 * (benchmark/restartable/java): on SIGUSR1 it stops the service and starts it again with the same
 * command line, environment, directory and log, while run.sh (which stops the whole stack when one
 * of its processes ends) sees the keeper alive.
 */
final class SyncRestart {

    /** How often the status is asked, as an operator's script would. */
    private static final long STATUS_POLL_MILLIS = 50;
    /** How often the processes are looked at (a scan of /proc). */
    private static final long PROCESS_POLL_MILLIS = 10;

    /**
     * A restart.
     *
     * @param stopSeconds       from the signal until the old process had ended
     * @param caughtUpSeconds   from the new process's start (seen within 10 ms) until the status said {@code caughtUp}
     * @param healthySeconds    from the new process's start until it was also healthy
     * @param catchUpMillis     the service's own {@code catchUpMillis}: from the start of its fold to caught up
     * @param startedFrom       {@code snapshot} or {@code history}
     * @param positions         the next offset of each topic partition, when caught up
     */
    record Restart(double stopSeconds, double caughtUpSeconds, double healthySeconds, long catchUpMillis, String startedFrom,
                   Map<String, Long> positions) {
    }

    /**
     * A rebuild from the history.
     *
     * @param seconds       from the POST until the status showed it done (polled every 50 ms)
     * @param catchUpMillis the service's own {@code catchUpMillis} of the rebuild
     */
    record Rebuild(double seconds, long catchUpMillis) {
    }

    /** Something polled: a value when it is there, null when not yet; an IOException is a "not yet" with a reason. */
    private interface Probe<T> {
        T get() throws IOException, InterruptedException;
    }

    private SyncRestart() {
    }

    /** Restarts the service kept by the process whose pid is in {@code keeperPidFile}, and follows it until caught up and healthy. */
    static Restart restart(Api api, Path keeperPidFile, Duration limit) throws IOException, InterruptedException {
        ProcessHandle keeper = keeper(keeperPidFile);
        ProcessHandle old = keeper.children().findFirst()
                .orElseThrow(() -> new IOException("the keeper (pid " + keeper.pid() + ") runs no sync service"));
        long asked = System.nanoTime();
        signal(keeper, "USR1");
        await("the sync service (pid " + old.pid() + ") to stop", PROCESS_POLL_MILLIS, limit, () -> old.isAlive() ? null : old);
        long stopped = System.nanoTime();
        ProcessHandle started = await("the keeper to start the sync service again", PROCESS_POLL_MILLIS, limit,
                () -> keeper.children().filter(child -> child.pid() != old.pid()).findFirst().orElse(null));
        long start = System.nanoTime();
        JsonNode feed = await("the restarted sync service (pid " + started.pid() + ") to catch up", STATUS_POLL_MILLIS, limit, () -> {
            JsonNode status = feed(api);
            return status.path("caughtUp").asBoolean() ? status : null;
        });
        long caughtUp = System.nanoTime();
        await("the restarted sync service to be healthy", STATUS_POLL_MILLIS, limit,
                () -> api.healthy(api.settings().syncUrl()) ? Boolean.TRUE : null);
        long healthy = System.nanoTime();
        Map<String, Long> positions = new LinkedHashMap<>();
        feed.path("positions").properties().forEach(position -> positions.put(position.getKey(), position.getValue().asLong()));
        return new Restart((stopped - asked) / 1e9, (caughtUp - start) / 1e9, (healthy - start) / 1e9,
                feed.path("catchUpMillis").asLong(), feed.path("startedFrom").asText(), positions);
    }

    /** {@code POST /api/rebuild}, followed until the rebuilt state has replaced the applied one. */
    static Rebuild rebuild(Api api, Duration limit) throws IOException, InterruptedException {
        JsonNode before = feed(api);
        long start = System.nanoTime();
        api.call(api.post(api.settings().syncUrl(), "/api/rebuild"));
        AtomicBoolean sawRebuilding = new AtomicBoolean();
        JsonNode feed = await("the rebuild from the history to finish", STATUS_POLL_MILLIS, limit, () -> {
            JsonNode status = feed(api);
            if (status.path("rebuilding").asBoolean()) {
                sawRebuilding.set(true);
                return null;
            }
            return rebuilt(before, status, sawRebuilding.get()) ? status : null;
        });
        return new Rebuild((System.nanoTime() - start) / 1e9, feed.path("catchUpMillis").asLong());
    }

    /**
     * Whether {@code feed} (not rebuilding) shows the rebuild asked after {@code before} done: a
     * state from the history, and, as a rebuild can begin and end between two polls, one seen
     * rebuilding or with another start or catch-up time than before.
     */
    private static boolean rebuilt(JsonNode before, JsonNode feed, boolean sawRebuilding) {
        return "history".equals(feed.path("startedFrom").asText()) && (sawRebuilding
                || !feed.path("startedFrom").equals(before.path("startedFrom"))
                || !feed.path("catchUpMillis").equals(before.path("catchUpMillis")));
    }

    private static JsonNode feed(Api api) throws IOException, InterruptedException {
        return api.call(api.get(api.settings().syncUrl(), "/api/status")).path("feed");
    }

    private static ProcessHandle keeper(Path pidFile) throws IOException {
        long pid = Long.parseLong(Files.readString(pidFile, StandardCharsets.UTF_8).strip());
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .orElseThrow(() -> new IOException("the sync service's keeper (pid " + pid + " in " + pidFile + ") is not running"));
    }

    private static void signal(ProcessHandle process, String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).redirectErrorStream(true).start();
        String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (kill.waitFor() != 0) {
            throw new IOException("kill -" + signal + " " + process.pid() + " failed: " + output.strip());
        }
    }

    /** Polls {@code probe} every {@code millis} until it gives a value; an IOException naming {@code what} after {@code limit}. */
    private static <T> T await(String what, long millis, Duration limit, Probe<T> probe) throws IOException, InterruptedException {
        long start = System.nanoTime();
        long lastSaid = start;
        String notYet = "";
        while (true) {
            try {
                T value = probe.get();
                if (value != null) {
                    return value;
                }
            } catch (IOException e) {
                notYet = " (last: " + e + ")";
            }
            long now = System.nanoTime();
            if (now - start > limit.toNanos()) {
                throw new IOException("waited " + limit.toSeconds() + " s for " + what + notYet);
            }
            if (now - lastSaid > 10_000_000_000L) {
                Progress.say("  still waiting for %s after %d s%s", what, (now - start) / 1_000_000_000L, notYet);
                lastSaid = now;
            }
            Threads.sleep(millis);
        }
    }
}
