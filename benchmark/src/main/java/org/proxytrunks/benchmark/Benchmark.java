package org.proxytrunks.benchmark;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.proxytrunks.benchmark.stats.Figure;
import org.proxytrunks.benchmark.stats.Format;
import org.proxytrunks.benchmark.stats.JsonReport;
import org.proxytrunks.benchmark.stats.LatencySummary;
import org.proxytrunks.benchmark.stats.Rates;
import org.proxytrunks.benchmark.stats.ResultTable;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The benchmark client behind {@code ./bench.sh}: runs every phase against a running stack, prints
 * one table on stdout and writes the JSON report. Exits 1 when anything failed (a phase error, a
 * refused command, a sampled change that never arrived), 2 on bad usage.
 */
public final class Benchmark {

    /** The table's sections, in the order they are printed. */
    private enum Section { STACK, RAW, PACED, FLAT_OUT, GROWTH, REPLAY, FOOTPRINT }

    private static final List<String> STACK_JARS = List.of("embedded-stack", "address-service", "assignment-service",
            "projector-service", "kamailio-sync-service");

    private final Settings settings;
    private final Settings.Sizes sizes;
    private final Instant startedAt = Instant.now();
    private final Map<Section, List<Figure>> figures = new EnumMap<>(Section.class);
    private final List<String> failures = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private final String runTag = Long.toString(System.currentTimeMillis() / 1000 % 2_176_782_336L, 36);
    private Api api;
    private KamailioRpc kamailio;
    private String kamailioMissing;
    private ChangeSampler sampler;
    private Setup.Prepared prepared;
    private RawBaseline.Result raw;
    private int phaseNumber;

    private Benchmark(Settings settings) {
        this.settings = settings;
        this.sizes = settings.sizes();
        for (Section section : Section.values()) {
            figures.put(section, new ArrayList<>());
        }
    }

    public static void main(String[] args) {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        int code;
        try {
            Settings settings = Settings.parse(args, System.getenv());
            code = new Benchmark(settings).run();
        } catch (IllegalArgumentException e) {
            System.err.println("benchmark: " + e.getMessage());
            code = 2;
        } catch (Throwable e) {
            System.err.println("benchmark failed: " + e);
            e.printStackTrace();
            code = 1;
        }
        System.exit(code);
    }

    private int run() throws Exception {
        Progress.say("benchmark (%s, %s stack) against %s, %s, %s, %s", settings.quick() ? "quick" : "full",
                settings.ownStack() ? "own" : "running", settings.addressUrl(), settings.assignmentUrl(),
                settings.projectorUrl(), settings.syncUrl());
        api = new Api(settings);
        try {
            boolean healthy = true;
            for (var url : List.of(settings.addressUrl(), settings.assignmentUrl(), settings.projectorUrl(), settings.syncUrl())) {
                if (!api.healthy(url)) {
                    fail("stack", url + "/actuator/health does not answer 200");
                    healthy = false;
                }
            }
            openKamailio();
            stackStart();
            if (healthy) {
                prepared = prepare();
            }
            quiet("the raw baseline", settings.quick() ? 20_000 : 60_000);
            rawBaseline();
            if (prepared != null) {
                sampler = new ChangeSampler(api, kamailio, sizes.sampleTimeout());
                List<Long> targets = sizes.growthTargets();
                List<GrowthStep> growth = new ArrayList<>();
                growth.add(growthStep(targets.get(0), false));
                for (Settings.PacedSpec spec : sizes.paced()) {
                    figures.get(Section.PACED).addAll(pacedFigures("paced." + spec.key(), "paced " + spec.label(), paced(spec, "p", true)));
                }
                // the replay before the flat-out runs: they leave the longest backlog, and the last of
                // them in quick mode needs no waiting for it
                replay();
                for (int threads : sizes.flatOutThreads()) {
                    flatOut(threads);
                }
                for (int i = 1; i < targets.size(); i++) {
                    growth.add(growthStep(targets.get(i), i == targets.size() - 1));
                }
                growthFigures(growth);
            } else {
                figures.get(Section.PACED).add(Figure.notAvailable("load", "load phases", "setup failed"));
            }
            if (figures.get(Section.FOOTPRINT).isEmpty()) {
                // unless the last growth step took it, before its restart of the sync service
                footprint();
            }
        } catch (Exception e) {
            fail("benchmark", e.toString());
        } finally {
            if (sampler != null) {
                sampler.close();
            }
            if (kamailio != null) {
                kamailio.close();
            }
        }
        clientCpu();
        return report();
    }

    // ---- phases ----

    private void openKamailio() throws InterruptedException {
        if (settings.kamailioRpc() == null) {
            kamailioMissing = settings.kamailioUnavailable() == null ? "kamailio not installed" : settings.kamailioUnavailable();
            Progress.say("Kamailio figures: n/a (%s)", kamailioMissing);
            return;
        }
        KamailioRpc rpc = new KamailioRpc(settings.kamailioRpc());
        long deadline = System.nanoTime() + Duration.ofSeconds(settings.ownStack() ? 30 : 3).toNanos();
        while (!rpc.answers()) {
            if (System.nanoTime() - deadline > 0) {
                rpc.close();
                kamailioMissing = "kamailio does not answer XML-RPC at " + settings.kamailioRpc();
                if (settings.ownStack()) {
                    fail("kamailio", kamailioMissing);
                }
                Progress.say("Kamailio figures: n/a (%s)", kamailioMissing);
                return;
            }
            Threads.sleep(250);
        }
        kamailio = rpc;
        Progress.say("Kamailio answers XML-RPC at %s", rpc.endpoint());
    }

    /** Waits until the machine is nearly idle (at most {@code limitMillis}); says so when it took long. */
    private void quiet(String before, long limitMillis) throws InterruptedException {
        long start = System.nanoTime();
        double busy = ProcessStats.awaitQuiet(0.15, limitMillis);
        double seconds = (System.nanoTime() - start) / 1e9;
        if (busy > 0.15) {
            Progress.say("  the machine is still %s%% busy after %s s; going on", Format.number(busy * 100), Format.number(seconds));
        } else if (before != null && seconds >= 2) {
            Progress.say("  (%s s until the machine was idle before %s)", Format.number(seconds), before);
        }
    }

    private void stackStart() {
        if (settings.startSeconds() == null) {
            figures.get(Section.STACK).add(Figure.notAvailable("stack.start", "stack start: run.sh → services healthy",
                    settings.ownStack() ? "not measured" : "--running: the stack was already up"));
            return;
        }
        figures.get(Section.STACK).add(Figure.builder("stack.start", "stack start: run.sh → services healthy")
                .value(Format.number(settings.startSeconds()) + " s").note(settings.startNote())
                .data("seconds", settings.startSeconds()).build());
    }

    private void rawBaseline() {
        int threads = 8;
        try {
            Progress.say("raw baseline: Mongo insert (db %s) + Kafka send acks=all (topic %s) per operation",
                    RawBaseline.DATABASE, RawBaseline.TOPIC);
            raw = RawBaseline.run(settings, threads);
            LatencySummary seq = raw.sequential();
            Progress.say("raw baseline: %s flat out with %d threads; sequential p50 %s, p99 %s",
                    Format.rate(raw.opsPerSecond()), threads, Format.ms(seq.p50Ms()), Format.ms(seq.p99Ms()));
            figures.get(Section.RAW).add(Figure.builder("raw.flat-out", "raw Mongo insert + Kafka send (acks=all), " + threads + " threads")
                    .value(Format.rate(raw.opsPerSecond())).note(raw.flatOutOps() + " operations in " + Format.number(sizes.raw().toSeconds()) + " s")
                    .data("threads", threads).data("opsPerSecond", Format.round(raw.opsPerSecond(), 1)).data("operations", raw.flatOutOps()).build());
            figures.get(Section.RAW).add(Figure.builder("raw.sequential", "raw Mongo insert + Kafka send, 1 thread: p50 / p99")
                    .value(Format.ms(seq.p50Ms(), seq.p99Ms())).note(seq.count() + " operations").data(seq.toMap()).build());
        } catch (Exception e) {
            fail("raw baseline", e.toString());
            figures.get(Section.RAW).add(Figure.notAvailable("raw.flat-out", "raw Mongo insert + Kafka send", "failed: " + e.getMessage()));
        }
    }

    private Setup.Prepared prepare() {
        try {
            Progress.say("setup: 2 additional addresses (%s), %d brands", settings.extraIps(), sizes.brands());
            return Setup.run(api, kamailio);
        } catch (Exception e) {
            fail("setup", e.toString());
            return null;
        }
    }

    /**
     * Waits until the stack has worked off what earlier phases left behind, so each phase measures
     * itself: one fresh change per brand, followed until Kamailio and the projector show it. Events
     * are ordered per brand, so then every earlier change of every brand has arrived too.
     */
    private void settle(String before) throws InterruptedException {
        long start = System.nanoTime();
        ChangeSampler.Samples probes = new ChangeSampler.Samples();
        String tag = runTag + "-s" + (++phaseNumber);
        String address = prepared.extraAddressIds().get(0);
        for (int b = 0; b < prepared.book().brands(); b++) {
            String brand = prepared.book().brand(b);
            String carrier = "stl-" + tag + "-" + b;
            long sent = System.nanoTime();
            try {
                var response = api.send(api.setCarrier(brand, carrier, address));
                String position = response.headers().firstValue("X-Event-Position").orElse(null);
                if (response.statusCode() / 100 != 2 || position == null) {
                    fail("settling before " + before, "PUT carrier " + carrier + " answered " + response.statusCode() + ": "
                            + Api.abbreviate(response.body()));
                    continue;
                }
                sampler.track(probes, sent, brand, carrier, address, prepared.sockets().get(address), position,
                        sizes.settleLimit(), Duration.ofMillis(100));
            } catch (java.io.IOException e) {
                fail("settling before " + before, "PUT carrier " + carrier + ": " + e);
            }
        }
        boolean settled = probes.await(sizes.settleLimit().plusSeconds(30));
        int missed = probes.kamailioMissed.get() + probes.projectorMissed.get() + probes.projectorWrong.get();
        if (!settled || missed > 0) {
            fail("settling before " + before, "the stack did not catch up within " + sizes.settleLimit().toSeconds() + " s: "
                    + String.join("; ", probes.problems()));
        }
        quiet(null, settings.quick() ? 3_000 : 10_000);
        double seconds = (System.nanoTime() - start) / 1e9;
        if (seconds >= 1) {
            Progress.say("  (%s s until %s had caught up with the earlier load)", Format.number(seconds),
                    kamailio == null ? "the projector" : "Kamailio and the projector");
        }
    }

    private PacedPhase.Result paced(Settings.PacedSpec spec, String tagPrefix, boolean settleFirst) throws InterruptedException {
        if (settleFirst) {
            settle("paced " + spec.label());
        }
        String tag = runTag + "-" + tagPrefix + (++phaseNumber);
        int sampleEvery = Math.max(1, (int) Math.round(spec.rate() / sizes.samplesPerSecond()));
        Progress.say("paced %s for %d s (open loop, 1 in %d commands sampled to %s)", spec.label(), spec.duration().toSeconds(),
                sampleEvery, kamailio == null ? "the projector" : "Kamailio and the projector");
        PacedPhase.Result result = PacedPhase.run(api, prepared.book(), sampler, prepared.sockets(), prepared.extraAddressIds(),
                spec, tag, sizes.samplesPerSecond(), sizes.maxInFlight());
        ChangeSampler.Samples samples = result.samples();
        Progress.say("  %d commands, %s accepted, %d non-2xx, %d errors; p50 %s, p99 %s; waiting for %d sampled changes",
                result.offered(), Format.rate(result.acceptedPerSecond()), result.non2xx(), result.errors(),
                Format.ms(result.command().p50Ms()), Format.ms(result.command().p99Ms()), samples.tracked.get());
        boolean settled = samples.await(sizes.sampleTimeout().plusSeconds(30));
        String what = "paced " + spec.label();
        if (!settled) {
            overloaded(what, "sampled changes still unresolved " + (sizes.sampleTimeout().toSeconds() + 30) + " s after the phase");
        }
        if (result.non2xx() > 0 || result.errors() > 0) {
            overloaded(what, result.non2xx() + " non-2xx answers, " + result.errors() + " errors: " + String.join("; ", result.problems()));
        }
        if (samples.tracked.get() == 0) {
            fail(what, "no sampled change could be followed");
        }
        int missed = samples.kamailioMissed.get() + samples.projectorMissed.get() + samples.projectorWrong.get();
        if (missed > 0) {
            overloaded(what, samples.kamailioMissed.get() + " sampled changes never reached Kamailio, "
                    + samples.projectorMissed.get() + " never reached the projector, " + samples.projectorWrong.get()
                    + " read back wrong: " + String.join("; ", samples.problems()));
        }
        LatencySummary toKamailio = samples.toKamailio.summary();
        LatencySummary toProjector = samples.toProjector.summary();
        Progress.say("  change → Kamailio p50 %s p99 %s; → projector p50 %s p99 %s",
                kamailio == null ? "n/a" : Format.ms(toKamailio.p50Ms()), kamailio == null ? "n/a" : Format.ms(toKamailio.p99Ms()),
                Format.ms(toProjector.p50Ms()), Format.ms(toProjector.p99Ms()));
        return result;
    }

    private List<Figure> pacedFigures(String key, String label, PacedPhase.Result result) {
        List<Figure> rows = new ArrayList<>();
        String note = "non-2xx " + result.non2xx() + ", errors " + result.errors()
                + (result.drainSeconds() >= 0.5 ? ", last answer " + Format.number(result.drainSeconds()) + " s after the phase" : "");
        rows.add(Figure.builder(key + ".rate", label + ": offered → accepted")
                .value(Format.rate(result.offeredRate()) + " → " + Format.rate(result.acceptedPerSecond())).note(note)
                .data("offeredPerSecond", result.offeredRate()).data("acceptedPerSecond", Format.round(result.acceptedPerSecond(), 2))
                .data("commands", result.offered()).data("ok", result.ok()).data("non2xx", result.non2xx())
                .data("errors", result.errors()).data("drainSeconds", Format.round(result.drainSeconds(), 3)).build());
        LatencySummary command = result.command();
        Figure.Builder commandRow = Figure.builder(key + ".command", label + ": command p50 / p90 / p99 / max")
                .value(Format.ms(command.p50Ms(), command.p90Ms(), command.p99Ms(), command.maxMs())).data(command.toMap());
        if (raw != null) {
            LatencySummary base = raw.sequential();
            commandRow.baseline("raw op " + Format.ms(base.p50Ms(), base.p90Ms(), base.p99Ms(), base.maxMs()))
                    .note("p50 " + Format.ratio(Rates.ratio(command.p50Ms(), base.p50Ms())) + ", p99 "
                            + Format.ratio(Rates.ratio(command.p99Ms(), base.p99Ms())));
        }
        rows.add(commandRow.build());
        ChangeSampler.Samples samples = result.samples();
        String timeout = sizes.sampleTimeout().toSeconds() + " s";
        if (kamailio == null) {
            rows.add(Figure.notAvailable(key + ".kamailio", label + ": change → Kamailio p50 / p99", kamailioMissing));
        } else {
            LatencySummary toKamailio = samples.toKamailio.summary();
            rows.add(Figure.builder(key + ".kamailio", label + ": change → Kamailio p50 / p99")
                    .value(Format.ms(toKamailio.p50Ms(), toKamailio.p99Ms()))
                    .note(samples.tracked.get() + " samples, " + samples.kamailioMissed.get() + " never arrived (> " + timeout + ")")
                    .data(toKamailio.toMap()).data("samples", samples.tracked.get()).data("missed", samples.kamailioMissed.get())
                    .data("pollErrors", samples.pollErrors.get()).build());
        }
        LatencySummary toProjector = samples.toProjector.summary();
        rows.add(Figure.builder(key + ".projector", label + ": change → projector read (waitFor) p50 / p99")
                .value(Format.ms(toProjector.p50Ms(), toProjector.p99Ms()))
                .note(samples.tracked.get() + " samples, " + samples.projectorMissed.get() + " never arrived (> " + timeout + ")"
                        + (samples.projectorWrong.get() > 0 ? ", " + samples.projectorWrong.get() + " wrong" : ""))
                .data(toProjector.toMap()).data("samples", samples.tracked.get()).data("missed", samples.projectorMissed.get())
                .data("wrong", samples.projectorWrong.get()).build());
        return rows;
    }

    private ClosedLoop.Result flatOutRun(int threads) throws InterruptedException {
        settle("flat-out " + threads + " threads");
        ClosedLoop.Result result = ClosedLoop.run(api, prepared.book(), threads, sizes.flatOut().toMillis() / 1000.0);
        Progress.say("  %s, %d non-2xx, %d errors; p50 %s, p99 %s", Format.rate(result.perSecond()), result.non2xx(),
                result.errors(), Format.ms(result.latency().p50Ms()), Format.ms(result.latency().p99Ms()));
        if (result.non2xx() > 0 || result.errors() > 0) {
            overloaded("flat-out " + threads + " threads", result.non2xx() + " non-2xx answers, " + result.errors() + " errors: "
                    + String.join("; ", result.problems()));
        }
        return result;
    }

    private void flatOut(int threads) throws InterruptedException {
        Progress.say("flat-out: %d threads, closed loop, %d s of carrier moves over %d brands", threads,
                sizes.flatOut().toSeconds(), sizes.brands());
        ClosedLoop.Result result = flatOutRun(threads);
        String key = "flat-out." + threads;
        String label = "flat-out " + threads + " threads";
        Figure.Builder rate = Figure.builder(key + ".rate", label + ": commands/s").value(Format.rate(result.perSecond()))
                .data("threads", threads).data("commandsPerSecond", Format.round(result.perSecond(), 2)).data("ok", result.ok())
                .data("non2xx", result.non2xx()).data("errors", result.errors()).data("seconds", Format.round(result.seconds(), 3));
        Figure.Builder latency = Figure.builder(key + ".latency", label + ": p50 / p99")
                .value(Format.ms(result.latency().p50Ms(), result.latency().p99Ms())).data(result.latency().toMap());
        if (raw != null) {
            Double ratio = Rates.ratio(result.perSecond(), raw.opsPerSecond());
            rate.baseline("raw " + raw.threads() + " threads " + Format.rate(raw.opsPerSecond()))
                    .note(Format.ratio(ratio) + (result.non2xx() + result.errors() > 0 ? "; non-2xx " + result.non2xx() + ", errors " + result.errors() : ""));
            if (ratio != null) {
                rate.data("ratioToRaw", Format.round(ratio, 4));
            }
            LatencySummary base = raw.sequential();
            latency.baseline("raw op " + Format.ms(base.p50Ms(), base.p99Ms()))
                    .note("p50 " + Format.ratio(Rates.ratio(result.latency().p50Ms(), base.p50Ms())));
        }
        figures.get(Section.FLAT_OUT).add(rate.build());
        figures.get(Section.FLAT_OUT).add(latency.build());
    }

    /**
     * The latency figures measured again with about {@code target} events in the history, and the
     * row of the sync service's restart at that size.
     */
    private record GrowthStep(long target, long events, PacedPhase.Result paced, ClosedLoop.Result flatOut, String note,
                              Figure syncRestart) {
    }

    /** @param lastLoad whether this step is the last load of the run (then the footprint is taken before the restart) */
    private GrowthStep growthStep(long target, boolean lastLoad) throws Exception {
        String note;
        long events = events();
        if (events < target * 0.95) {
            note = seed(target);
        } else {
            note = "history already at " + events;
            Progress.say("growth: the history already has %d events (target %d); no seeding", events, target);
        }
        settle("growth @ " + target);
        events = events();
        Progress.say("growth: %d events in the history; measuring", events);
        PacedPhase.Result paced = paced(sizes.growthPaced(), "g", false);
        Progress.say("growth @ %d: flat-out 8 threads for %d s", events, sizes.flatOut().toSeconds());
        ClosedLoop.Result flat = flatOutRun(8);
        if (lastLoad) {
            // the stack's RSS after the load, before the restart swaps the sync service's JVM for a fresh one
            footprint();
        }
        return new GrowthStep(target, events, paced, flat, note, syncRestart("growth." + target, growthLabel(events)));
    }

    /** {@code growth @ 1,234 events: }, the start of a growth step's labels. */
    private static String growthLabel(long events) {
        return "growth @ " + String.format(Locale.ROOT, "%,d", events) + " events: ";
    }

    /**
     * A growth step's row "sync service restart → caught up": once the stack has settled, the
     * kamailio-sync-service is stopped and started again as run.sh started it, and followed until
     * it has caught up and is healthy; then, as the baseline, its state is rebuilt from the history
     * ({@code POST /api/rebuild}), which is what every start cost before it resumed from a snapshot.
     */
    private Figure syncRestart(String key, String label) throws InterruptedException {
        key = key + ".sync-restart";
        label = label + "sync service restart → caught up";
        if (settings.syncKeeper() == null) {
            return Figure.notAvailable(key, label, settings.ownStack() ? "the sync service was not started restartable"
                    : "--running: only a stack that bench.sh started is restarted");
        }
        try {
            settle("the sync service's restart");
            Progress.say("sync restart: stopping the kamailio-sync-service and starting it again as run.sh did");
            SyncRestart.Restart restart = SyncRestart.restart(api, settings.syncKeeper(), sizes.replayTimeout());
            Progress.say("  stopped in %s s; start → caught up %s s (the service: %d ms from the %s), → healthy %s s",
                    Format.number(restart.stopSeconds()), Format.number(restart.caughtUpSeconds()), restart.catchUpMillis(),
                    restart.startedFrom(), Format.number(restart.healthySeconds()));
            if (!"snapshot".equals(restart.startedFrom())) {
                overloaded("sync service restart", "it started from the " + restart.startedFrom() + ", not from its snapshot");
            }
            quiet("the sync service's rebuild", settings.quick() ? 10_000 : 30_000);
            Progress.say("sync rebuild (the restart's baseline): POST /api/rebuild, followed until the rebuilt state is applied");
            SyncRestart.Rebuild rebuild = SyncRestart.rebuild(api, sizes.replayTimeout());
            Progress.say("  rebuilt from the history in %d ms (the service), %s s seen from outside", rebuild.catchUpMillis(),
                    Format.number(rebuild.seconds()));
            Double ratio = Rates.ratio((double) restart.catchUpMillis(), (double) rebuild.catchUpMillis());
            return Figure.builder(key, label)
                    .value(Format.number(restart.caughtUpSeconds()) + " s (service " + Format.ms(restart.catchUpMillis())
                            + " from the " + restart.startedFrom() + ")")
                    .baseline("rebuild from the history: service " + Format.ms(rebuild.catchUpMillis()))
                    .note("catch-up " + Format.ratio(ratio) + "; stop " + Format.number(restart.stopSeconds()) + " s, start → healthy "
                            + Format.number(restart.healthySeconds()) + " s")
                    .data("startToCaughtUpSeconds", Format.round(restart.caughtUpSeconds(), 3))
                    .data("catchUpMillis", restart.catchUpMillis()).data("startedFrom", restart.startedFrom())
                    .data("stopSeconds", Format.round(restart.stopSeconds(), 3))
                    .data("startToHealthySeconds", Format.round(restart.healthySeconds(), 3)).data("positions", restart.positions())
                    .data("rebuildCatchUpMillis", rebuild.catchUpMillis()).data("rebuildSeconds", Format.round(rebuild.seconds(), 3))
                    .data("catchUpRatioToRebuild", ratio == null ? null : Format.round(ratio, 4)).build();
        } catch (IOException e) {
            fail("sync service restart", e.toString());
            return Figure.notAvailable(key, label, "failed: " + e.getMessage());
        }
    }

    /**
     * The events in the history: the projector's audit log holds one entry per event of both
     * topics (counted once the stack has settled, so that it has caught up). Kafka's end offsets
     * would also count the transactions' commit markers.
     */
    private long events() throws IOException, InterruptedException {
        return api.call(api.get(settings.projectorUrl(), "/api/audit?size=1")).get("total").asLong();
    }

    /**
     * Grows the history to about {@code target} events with flat-out carrier moves (each one
     * event), in rounds: events reach the read side a little after the commands are answered, so
     * it seeds the difference, lets the stack catch up and counts again.
     */
    private String seed(long target) throws Exception {
        long start = System.nanoTime();
        long deadline = start + sizes.seedLimit().toNanos();
        long events = events();
        Progress.say("growth: seeding the history from %d to about %d events (%d threads, flat out)", events, target,
                sizes.seedThreads());
        for (int round = 1; round <= 6 && events < target * 0.95; round++) {
            // two settles follow (one here, one before the measurement), each one change per brand
            long need = Math.max(1, target - events - 2L * prepared.book().brands());
            long accepted = seedRound(need, deadline);
            if (accepted < 0) {
                return "seeding stopped at " + events() + " events";
            }
            settle("counting the seeded history");
            events = events();
            Progress.say("  seeding round %d: %d commands → %d events", round, accepted, events);
        }
        Progress.say("  seeded in %s s", Format.number((System.nanoTime() - start) / 1e9));
        return "";
    }

    /** Flat-out carrier moves until {@code need} were accepted; the number accepted, or -1 after a failure. */
    private long seedRound(long need, long deadline) throws InterruptedException {
        ClosedLoop loop = new ClosedLoop(api, prepared.book(), sizes.seedThreads());
        long start = System.nanoTime();
        long lastSaid = start;
        boolean failed = false;
        loop.start();
        try {
            while (loop.ok() < need) {
                Threads.sleep(200);
                long now = System.nanoTime();
                if (loop.failures() > 20) {
                    fail("seeding", loop.failures() + " commands failed: " + String.join("; ", loop.problems()));
                    failed = true;
                    break;
                }
                if (now - deadline > 0) {
                    fail("seeding", "the history did not grow to its target within " + sizes.seedLimit().toMinutes() + " min");
                    failed = true;
                    break;
                }
                if (now - lastSaid >= 2_000_000_000L) {
                    double rate = Rates.perSecond(loop.ok(), now - start);
                    Progress.say("  seeding: %d of %d commands accepted (%s)%s", loop.ok(), need, Format.rate(rate),
                            rate > 0 ? ", about " + Math.round((need - loop.ok()) / rate) + " s left" : "");
                    lastSaid = now;
                }
            }
        } finally {
            ClosedLoop.Result result = loop.stop();
            if (result.non2xx() + result.errors() > 0 && !failed) {
                overloaded("seeding", result.non2xx() + " non-2xx answers, " + result.errors() + " errors: " + String.join("; ", result.problems()));
                failed = true;
            }
        }
        return failed ? -1 : loop.ok();
    }

    private void growthFigures(List<GrowthStep> steps) {
        GrowthStep first = steps.get(0);
        List<Figure> rows = figures.get(Section.GROWTH);
        for (GrowthStep step : steps) {
            boolean compare = step != first;
            String key = "growth." + step.target();
            String label = growthLabel(step.events());
            PacedPhase.Result p = step.paced();
            PacedPhase.Result base = first.paced();
            String paced = "paced " + p.spec().label();
            rows.add(latencyPair(key + ".command", label + paced + " command p50 / p99", p.command(), compare ? base.command() : null,
                    step.note().isEmpty() ? "" : step.note()));
            if (kamailio == null) {
                rows.add(Figure.notAvailable(key + ".kamailio", label + "change → Kamailio p50 / p99", kamailioMissing));
            } else {
                rows.add(latencyPair(key + ".kamailio", label + "change → Kamailio p50 / p99", p.samples().toKamailio.summary(),
                        compare ? base.samples().toKamailio.summary() : null, p.samples().tracked.get() + " samples"));
            }
            rows.add(latencyPair(key + ".projector", label + "change → projector p50 / p99", p.samples().toProjector.summary(),
                    compare ? base.samples().toProjector.summary() : null, p.samples().tracked.get() + " samples"));
            ClosedLoop.Result flat = step.flatOut();
            Figure.Builder rate = Figure.builder(key + ".flat-out", label + "flat-out 8 threads").value(Format.rate(flat.perSecond()))
                    .data("events", step.events()).data("commandsPerSecond", Format.round(flat.perSecond(), 2)).data(flat.latency().toMap());
            if (compare) {
                Double ratio = Rates.ratio(flat.perSecond(), first.flatOut().perSecond());
                rate.baseline("@ " + String.format(Locale.ROOT, "%,d", first.events()) + ": " + Format.rate(first.flatOut().perSecond()))
                        .note(Format.ratio(ratio));
                if (ratio != null) {
                    rate.data("ratioToFirstStep", Format.round(ratio, 4));
                }
            } else if (steps.size() == 1) {
                rate.note("one step in quick mode: no ratio");
            }
            rows.add(rate.build());
            rows.add(step.syncRestart());
        }
    }

    private Figure latencyPair(String key, String label, LatencySummary value, LatencySummary base, String note) {
        Figure.Builder row = Figure.builder(key, label).value(Format.ms(value.p50Ms(), value.p99Ms())).data(value.toMap());
        if (base != null) {
            Double p50 = Rates.ratio(value.p50Ms(), base.p50Ms());
            Double p99 = Rates.ratio(value.p99Ms(), base.p99Ms());
            row.baseline("first step " + Format.ms(base.p50Ms(), base.p99Ms()))
                    .note("p50 " + Format.ratio(p50) + ", p99 " + Format.ratio(p99) + (note.isEmpty() ? "" : "; " + note));
            if (p50 != null) {
                row.data("p50RatioToFirstStep", Format.round(p50, 4));
            }
            if (p99 != null) {
                row.data("p99RatioToFirstStep", Format.round(p99, 4));
            }
        } else {
            row.note(note);
        }
        return row.build();
    }

    private void replay() {
        try {
            settle("replay");
            Progress.say("replay: POST /api/replay and follow it to DONE");
            Replay.Result replay = Replay.run(api, sizes.replayTimeout());
            Progress.say("  replayed %d events in %s s (%s)", replay.events(), Format.number(replay.seconds()), Format.rate(replay.eventsPerSecond()));
            Progress.say("replay baseline: raw read of %s and %s from the beginning (read_committed)", Kafka.ADDRESSES, Kafka.ASSIGNMENTS);
            Kafka.Consumed consumed = Kafka.consumeAll(settings.kafkaBootstrap(), List.of(Kafka.ADDRESSES, Kafka.ASSIGNMENTS), sizes.replayTimeout());
            double rawRate = consumed.seconds() <= 0 ? 0 : consumed.records() / consumed.seconds();
            Progress.say("  read %d records in %s s (%s)", consumed.records(), Format.number(consumed.seconds()), Format.rate(rawRate));
            Double ratio = Rates.ratio(replay.eventsPerSecond(), rawRate);
            figures.get(Section.REPLAY).add(Figure.builder("replay", "replay: POST /api/replay → DONE, events/s")
                    .value(Format.rate(replay.eventsPerSecond()))
                    .baseline("raw consume " + Format.rate(rawRate))
                    .note(Format.ratio(ratio) + "; " + replay.events() + " events in " + Format.number(replay.seconds()) + " s")
                    .data("events", replay.events()).data("offsets", replay.offsets()).data("seconds", Format.round(replay.seconds(), 3))
                    .data("eventsPerSecond", Format.round(replay.eventsPerSecond(), 1)).data("serverRatePerSecond", replay.serverRate())
                    .data("rawRecords", consumed.records()).data("rawSeconds", Format.round(consumed.seconds(), 3))
                    .data("rawRecordsPerSecond", Format.round(rawRate, 1)).data("ratioToRaw", ratio == null ? null : Format.round(ratio, 4))
                    .build());
        } catch (Exception e) {
            fail("replay", e.toString());
            figures.get(Section.REPLAY).add(Figure.notAvailable("replay", "replay", "failed: " + e.getMessage()));
        }
    }

    private void footprint() {
        List<ProcessStats.Proc> processes;
        String scope;
        if (settings.stackPid() != null) {
            processes = ProcessStats.tree(settings.stackPid());
            scope = "every process of run.sh";
        } else {
            processes = ProcessStats.matching(p -> p.pid() != ProcessHandle.current().pid()
                    && ("kamailio".equals(p.name()) || STACK_JARS.stream().anyMatch(jar -> p.command().contains(jar + "-0.1.0-SNAPSHOT-exec.jar"))));
            scope = "running java services and kamailio processes";
        }
        if (processes.isEmpty()) {
            figures.get(Section.FOOTPRINT).add(Figure.notAvailable("stack.rss", "stack RSS after the load", "no stack processes found"));
            return;
        }
        long javaKb = 0;
        long kamailioKb = 0;
        long otherKb = 0;
        long pssKb = 0;
        int java = 0;
        int kam = 0;
        int other = 0;
        boolean pssKnown = true;
        Map<String, Long> perJar = new LinkedHashMap<>();
        for (ProcessStats.Proc proc : processes) {
            if ("java".equals(proc.name())) {
                javaKb += proc.rssKb();
                java++;
                String jar = STACK_JARS.stream().filter(j -> proc.command().contains(j)).findFirst().orElse("java-" + proc.pid());
                perJar.merge(jar, proc.rssKb() / 1024, Long::sum);
            } else if ("kamailio".equals(proc.name())) {
                kamailioKb += proc.rssKb();
                kam++;
            } else {
                otherKb += proc.rssKb();
                other++;
            }
            pssKnown &= proc.pssKb() >= 0;
            pssKb += Math.max(0, proc.pssKb());
        }
        long totalMb = (javaKb + kamailioKb + otherKb) / 1024;
        String note = java + " java " + javaKb / 1024 + " MB + " + kam + " kamailio " + kamailioKb / 1024 + " MB + " + other
                + " other " + otherKb / 1024 + " MB" + (pssKnown ? "; PSS " + pssKb / 1024 + " MB" : "");
        Progress.say("stack RSS: %d MB (%s); per JVM %s", totalMb, note, perJar);
        Figure.Builder row = Figure.builder("stack.rss", "stack RSS after the load (" + scope + ")").value(String.format(Locale.ROOT, "%,d MB", totalMb))
                .note(note).data("rssMb", totalMb).data("javaMb", javaKb / 1024).data("kamailioMb", kamailioKb / 1024)
                .data("otherMb", otherKb / 1024).data("processes", processes.size()).data("perJvmMb", perJar);
        if (pssKnown) {
            row.data("pssMb", pssKb / 1024);
        }
        figures.get(Section.FOOTPRINT).add(row.build());
    }

    private void clientCpu() {
        double cpu = ProcessStats.ownCpuSeconds();
        double wall = ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0;
        double share = cpu / wall;
        int cores = Runtime.getRuntime().availableProcessors();
        figures.get(Section.FOOTPRINT).add(Figure.builder("client.cpu", "benchmark client CPU (this JVM, whole run)")
                .value(Format.number(share * 100) + "% of one core")
                .note(Format.number(cpu) + " s CPU in " + Format.number(wall) + " s; " + cores + " cores")
                .data("cpuSeconds", Format.round(cpu, 2)).data("wallSeconds", Format.round(wall, 2))
                .data("coreShare", Format.round(share, 4)).data("cores", cores).build());
    }

    // ---- report ----

    private int report() {
        List<Figure> all = new ArrayList<>();
        figures.values().forEach(all::addAll);
        System.out.println();
        System.out.print(ResultTable.render(all));
        System.out.flush();
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("date", startedAt.toString());
        run.put("mode", settings.quick() ? "quick" : "full");
        run.put("stack", settings.ownStack() ? "own (started by bench.sh)" : "running");
        run.put("gitCommit", settings.gitCommit());
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("nproc", Runtime.getRuntime().availableProcessors());
        machine.put("memoryMb", ProcessStats.memoryMb());
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        run.put("machine", machine);
        Map<String, Object> java = new LinkedHashMap<>();
        java.put("version", System.getProperty("java.version"));
        java.put("vendor", System.getProperty("java.vendor"));
        java.put("vm", System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"));
        run.put("java", java);
        run.put("durationSeconds", Format.round(Duration.between(startedAt, Instant.now()).toMillis() / 1000.0, 1));
        Map<String, Object> endpoints = new LinkedHashMap<>();
        endpoints.put("addressService", settings.addressUrl().toString());
        endpoints.put("assignmentService", settings.assignmentUrl().toString());
        endpoints.put("projectorService", settings.projectorUrl().toString());
        endpoints.put("kamailioSyncService", settings.syncUrl().toString());
        endpoints.put("mongo", settings.mongoUri());
        endpoints.put("kafka", settings.kafkaBootstrap());
        endpoints.put("kamailio", kamailio != null ? kamailio.endpoint().toString() : "n/a (" + kamailioMissing + ")");
        run.put("endpoints", endpoints);
        Map<String, Object> load = new LinkedHashMap<>();
        load.put("brands", sizes.brands());
        load.put("carriersPerBrand", sizes.carriersPerBrand());
        load.put("pacedSeconds", sizes.paced().get(0).duration().toSeconds());
        load.put("flatOutSeconds", sizes.flatOut().toSeconds());
        load.put("rawSeconds", sizes.raw().toSeconds());
        load.put("samplesPerSecond", sizes.samplesPerSecond());
        load.put("sampleTimeoutSeconds", sizes.sampleTimeout().toSeconds());
        load.put("maxInFlight", sizes.maxInFlight());
        load.put("growthTargets", sizes.growthTargets());
        run.put("load", load);
        run.put("warnings", warnings);
        try {
            JsonReport.write(settings.out(), run, failures, all);
            Progress.say("wrote %s", settings.out().toAbsolutePath());
        } catch (Exception e) {
            failures.add("report: could not write " + settings.out() + ": " + e);
        }
        if (!warnings.isEmpty()) {
            System.err.println();
            System.err.println("Warnings (measured under load, not failures in a full run):");
            warnings.forEach(w -> System.err.println("  - " + w));
        }
        if (!failures.isEmpty()) {
            System.err.println();
            System.err.println("BENCHMARK FAILED:");
            failures.forEach(f -> System.err.println("  - " + f));
            return 1;
        }
        return 0;
    }

    /**
     * Something that is a measurement under load in a full run (refused or unanswered commands,
     * changes that never arrived: the table shows them) but a failure in a quick run, which must
     * catch a benchmark or a stack that has stopped working.
     */
    private void overloaded(String what, String why) {
        if (settings.quick()) {
            fail(what, why);
        } else {
            String warning = what + ": " + why;
            warnings.add(warning);
            Progress.say("WARNING %s", warning);
        }
    }

    private void fail(String what, String why) {
        String failure = what + ": " + why;
        failures.add(failure);
        Progress.say("FAILED %s", failure);
    }
}
