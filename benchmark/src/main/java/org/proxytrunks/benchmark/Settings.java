package org.proxytrunks.benchmark;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What to measure and where: the endpoints (from bench.sh's options), the token (environment
 * {@code BENCH_TOKEN}) and the sizes of the mode (quick or full). {@code syncKeeper} is the file
 * with the pid of the process that keeps the sync service restartable (benchmark/restartable/java),
 * null when bench.sh did not start the stack.
 */
record Settings(boolean quick, boolean ownStack, URI addressUrl, URI assignmentUrl, URI projectorUrl, URI syncUrl,
                String mongoUri, String kafkaBootstrap, URI kamailioRpc, String kamailioUnavailable, List<String> extraIps,
                Integer stackPid, Double startSeconds, String startNote, Path syncKeeper, Path out, String gitCommit, String token,
                Sizes sizes) {

    /** The sizes of a mode. */
    record Sizes(int brands, int carriersPerBrand, Duration rawWarmup, Duration raw, List<PacedSpec> paced, Duration flatOut,
                 List<Integer> flatOutThreads, List<Long> growthTargets, PacedSpec growthPaced, int seedThreads,
                 Duration seedLimit, double samplesPerSecond, Duration sampleTimeout, Duration commandTimeout,
                 Duration replayTimeout, int maxInFlight, Duration settleLimit) {
    }

    /**
     * A paced phase.
     *
     * @param key        its JSON key part, e.g. {@code 200-20}
     * @param label      e.g. {@code 200/s over 20 brands}
     * @param rate       commands per second offered
     * @param brands     how many brands the commands go to (the first ones)
     * @param duration   how long
     */
    record PacedSpec(String key, String label, double rate, int brands, Duration duration) {
    }

    static Sizes fullSizes() {
        Duration phase = Duration.ofSeconds(20);
        return new Sizes(20, 48, Duration.ofSeconds(2), Duration.ofSeconds(10),
                List.of(new PacedSpec("50-20", "50/s over 20 brands", 50, 20, phase),
                        new PacedSpec("200-20", "200/s over 20 brands", 200, 20, phase),
                        new PacedSpec("200-1", "200/s one brand", 200, 1, phase)),
                phase, List.of(8, 16), List.of(1_000L, 10_000L, 100_000L),
                new PacedSpec("200-20", "200/s over 20 brands", 200, 20, phase), 16,
                Duration.ofMinutes(120), 2, Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofMinutes(60), 64,
                Duration.ofMinutes(30));
    }

    static Sizes quickSizes() {
        Duration phase = Duration.ofSeconds(3);
        return new Sizes(20, 48, Duration.ofMillis(500), Duration.ofSeconds(2),
                List.of(new PacedSpec("20-20", "20/s over 20 brands", 20, 20, phase),
                        new PacedSpec("50-20", "50/s over 20 brands", 50, 20, phase),
                        new PacedSpec("50-1", "50/s one brand", 50, 1, phase)),
                phase, List.of(8, 16), List.of(300L),
                new PacedSpec("50-20", "50/s over 20 brands", 50, 20, phase), 16,
                Duration.ofSeconds(90), 2, Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ofMinutes(3), 64,
                Duration.ofMinutes(2));
    }

    static Settings parse(String[] args, Map<String, String> env) {
        Map<String, String> options = new HashMap<>();
        List<String> flags = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + arg);
            }
            if (arg.equals("--quick") || arg.equals("--running")) {
                flags.add(arg);
            } else if (i + 1 < args.length) {
                options.put(arg.substring(2), args[++i]);
            } else {
                throw new IllegalArgumentException(arg + " needs a value");
            }
        }
        boolean quick = flags.contains("--quick");
        boolean running = flags.contains("--running");
        String token = env.get("BENCH_TOKEN");
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("BENCH_TOKEN (a God token) is not set");
        }
        String rpc = options.getOrDefault("kamailio-rpc", "");
        return new Settings(quick, !running,
                URI.create(options.getOrDefault("address-url", "http://127.0.0.1:8081")),
                URI.create(options.getOrDefault("assignment-url", "http://127.0.0.1:8082")),
                URI.create(options.getOrDefault("projector-url", "http://127.0.0.1:8083")),
                URI.create(options.getOrDefault("sync-url", "http://127.0.0.1:8084")),
                options.getOrDefault("mongo", "mongodb://127.0.0.1:27017"),
                options.getOrDefault("kafka", "127.0.0.1:9092"),
                rpc.isBlank() ? null : URI.create(rpc),
                options.getOrDefault("kamailio-unavailable", rpc.isBlank() ? "kamailio not installed" : null),
                List.of(options.getOrDefault("extra-ips", "127.0.80.2,127.0.80.3").split(",")),
                options.containsKey("stack-pid") ? Integer.valueOf(options.get("stack-pid")) : null,
                options.containsKey("start-seconds") ? Double.valueOf(options.get("start-seconds")) : null,
                options.getOrDefault("start-note", ""),
                options.containsKey("sync-keeper") ? Path.of(options.get("sync-keeper")) : null,
                Path.of(options.getOrDefault("out", "target/bench/latest.json")),
                options.getOrDefault("git-commit", "unknown"),
                token.strip(),
                withGrowthTargets(quick ? quickSizes() : fullSizes(), options.get("growth-targets")));
    }

    /** {@code sizes} with other growth targets ({@code --growth-targets 1000,10000}), when given. */
    static Sizes withGrowthTargets(Sizes sizes, String targets) {
        if (targets == null || targets.isBlank()) {
            return sizes;
        }
        List<Long> parsed = new ArrayList<>();
        for (String target : targets.split(",")) {
            long value = Long.parseLong(target.strip());
            if (value <= 0 || (!parsed.isEmpty() && value <= parsed.get(parsed.size() - 1))) {
                throw new IllegalArgumentException("--growth-targets must be increasing positive numbers, not " + targets);
            }
            parsed.add(value);
        }
        return new Sizes(sizes.brands(), sizes.carriersPerBrand(), sizes.rawWarmup(), sizes.raw(), sizes.paced(), sizes.flatOut(),
                sizes.flatOutThreads(), List.copyOf(parsed), sizes.growthPaced(), sizes.seedThreads(), sizes.seedLimit(),
                sizes.samplesPerSecond(), sizes.sampleTimeout(), sizes.commandTimeout(), sizes.replayTimeout(), sizes.maxInFlight(),
                sizes.settleLimit());
    }
}
