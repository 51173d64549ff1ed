package org.proxytrunks.kamailiosync.it;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.proxytrunks.embedded.SharedTestStack;
import org.proxytrunks.events.AddressId;
import org.proxytrunks.events.IpLiteral;
import org.proxytrunks.kamailiosync.render.AtomicFileWriter;
import org.proxytrunks.kamailiosync.render.KamailioFiles;
import org.proxytrunks.kamailiosync.state.DesiredState.Listener;
import org.proxytrunks.testing.Sipp;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What one listener change costs: Kamailio cannot open a listener without a restart, so this runs
 * the shipped configuration under {@code kamailio/supervise.sh}, keeps SIPp streams of OPTIONS (to
 * an additional address) and INVITE transactions (relayed to a carrier) going over UDP, adds a
 * listener and restarts Kamailio with {@code kamailio/restart.sh}, as the sync service does — and
 * prints the transactions that failed and the longest time without answers. SIPp's requests are
 * retransmitted from 500 ms on and a transaction fails after 32 s without a final answer, as RFC
 * 3261's timers want. It asserts only what must hold: the restart happened and served the new
 * listener, answers resumed on the old ones, every transaction is accounted for, and no more failed
 * than the streams sent while there were no answers. Rerun it with
 * {@code ./mvnw -B -o -pl kamailio-sync-service verify -Dit.test=ListenerRestartCostIT -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false};
 * the figures of one run are in {@code docs/kamailio-restarts.md}.
 */
class ListenerRestartCostIT {

    private static final Path SHIPPED = Path.of("..", "kamailio").toAbsolutePath().normalize();
    private static final IpLiteral MAIN = IpLiteral.parse("127.0.91.1");
    private static final IpLiteral SECOND = IpLiteral.parse("127.0.91.2");
    private static final IpLiteral ADDED = IpLiteral.parse("127.0.91.3");
    private static final String CALLER = "127.0.91.10";
    private static final String PROBE = "127.0.91.11";
    private static final String CARRIER = "127.0.91.20";
    private static final int OPTIONS_PER_SECOND = 50;
    private static final int INVITES_PER_SECOND = 25;
    private static final int STREAM_SECONDS = 20;
    private static final Duration BEFORE_RESTART = Duration.ofSeconds(6);

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path directory;

    private final AtomicFileWriter writer = new AtomicFileWriter(Clock.systemUTC());
    private final List<Process> processes = new ArrayList<>();
    private Path proxytrunks;

    @AfterEach
    void stop() throws InterruptedException {
        for (Process process : processes) {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    @Test
    void oneRestartForANewListener() throws Exception {
        proxytrunks = Files.createDirectories(directory.resolve("proxytrunks/tables"));
        writeListeners(List.of(SECOND));
        writer.write(proxytrunks.resolve("tables/carriers"), KamailioFiles.providerTable(Map.of("k1", SECOND)));
        writer.write(proxytrunks.resolve("tables/ddi_providers"), KamailioFiles.providerTable(Map.of()));
        Path config = directory.resolve("kamailio.cfg");
        Files.writeString(config, Files.readString(SHIPPED.resolve("kamailio.cfg.template"))
                .replace("@MAIN_IP@", MAIN.value()).replace("@RPC_PORT@", String.valueOf(SharedTestStack.freePort()))
                .replace("@PROXYTRUNKS_DIR@", proxytrunks.toString()).replace("@INTERNAL_NET@", "127.0.0.0/8"));
        start("supervise", SHIPPED.resolve("supervise.sh").toString(), config.toString(), directory.toString());
        awaitOptionsAnswered(SECOND);
        long pidBefore = kamailioPid();

        int carrierPort = SharedTestStack.freePort();
        start("carrier", "sipp", "-sf", scenario("restart-carrier-uas.xml", null).toString(), "-i", CARRIER,
                "-p", String.valueOf(carrierPort), "-nostdin");
        Stream options = stream("options", SECOND.value() + ":5060", PROBE, OPTIONS_PER_SECOND,
                scenario("restart-options.xml", null));
        Stream invites = stream("invites", MAIN.value() + ":5060", CALLER, INVITES_PER_SECOND,
                scenario("restart-invite-uac.xml", CARRIER + ":" + carrierPort));

        Thread.sleep(BEFORE_RESTART.toMillis());
        writeListeners(List.of(SECOND, ADDED));
        long restartAt = System.currentTimeMillis();
        Process restart = new ProcessBuilder(SHIPPED.resolve("restart.sh").toString(), directory.toString()).inheritIO().start();
        assertThat(restart.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(restart.exitValue()).as("restart.sh").isZero();

        Result optionsResult = options.result(restartAt);
        Result invitesResult = invites.result(restartAt);
        System.out.printf("%nOne Kamailio restart (kamailio/restart.sh) under %d OPTIONS/s and %d INVITE/s over UDP, %d cores:%n%s%n%s%n",
                OPTIONS_PER_SECOND, INVITES_PER_SECOND, Runtime.getRuntime().availableProcessors(), optionsResult, invitesResult);

        assertThat(kamailioPid()).as("a new Kamailio runs").isNotEqualTo(pidBefore);
        for (IpLiteral address : List.of(MAIN, SECOND, ADDED)) {
            awaitOptionsAnswered(address);
        }
        for (Result result : List.of(optionsResult, invitesResult)) {
            assertThat(result.answered + result.failed).as(result.name + ": every transaction accounted for").isEqualTo(result.sent);
            assertThat(result.answeredAfterRestart).as(result.name + ": answers resumed after the restart").isPositive();
            assertThat(result.failed).as(result.name + ": failures are at most what was sent while there was no answer, plus a second's worth")
                    .isLessThanOrEqualTo((long) Math.ceil(result.rate * (result.longestSilenceMillis / 1000.0 + 1)));
        }
    }

    private void writeListeners(List<IpLiteral> additional) throws IOException {
        writer.write(proxytrunks.resolve("main_address.cfg"),
                KamailioFiles.listenLines(List.of(new Listener(AddressId.MAIN, MAIN, null, true)), false));
        writer.write(proxytrunks.resolve("additional_addresses.cfg"), KamailioFiles.listenLines(additional.stream()
                .map(ip -> new Listener(new AddressId("a-" + ip.value().replace('.', '-')), ip, null, false)).toList(), false));
    }

    private long kamailioPid() throws IOException {
        return Long.parseLong(Files.readString(directory.resolve("kamailio.pid")).trim());
    }

    /** An OPTIONS to {@code address} answered 200 within 15 s, retrying while Kamailio starts. */
    private void awaitOptionsAnswered(IpLiteral address) throws Exception {
        Path options = scenario("options.xml", null);
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        int exit;
        do {
            exit = Sipp.run(directory, options, address.value() + ":5060", PROBE);
        } while (exit != 0 && System.nanoTime() < deadline);
        assertThat(exit).as("OPTIONS to " + address.value() + " answered").isZero();
    }

    /** The scenario named from the classpath's {@code /sipp/}, with {@code @UAS@} replaced, as a file of this test. */
    private Path scenario(String name, String uas) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/sipp/" + name)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return Files.writeString(directory.resolve(name), uas == null ? text : text.replace("@UAS@", uas));
        }
    }

    private Process start(String name, String... command) throws IOException {
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(directory.resolve(name + ".log").toFile()).start();
        processes.add(process);
        return process;
    }

    /** {@code rate} transactions a second for {@link #STREAM_SECONDS} from {@code localIp} to {@code target}, answer times traced. */
    private Stream stream(String name, String target, String localIp, int rate, Path scenario) throws IOException {
        Path work = Files.createDirectories(directory.resolve(name));
        long startedAt = System.currentTimeMillis();
        Process process = new ProcessBuilder("sipp", target, "-sf", scenario.toString(), "-i", localIp,
                "-p", String.valueOf(SharedTestStack.freePort()), "-r", String.valueOf(rate), "-m", String.valueOf(rate * STREAM_SECONDS),
                "-recv_timeout", "32000", "-nostdin", "-trace_rtt", "-rtt_freq", "1", "-trace_stat", "-stf", "stat.csv", "-fd", "1")
                .directory(work.toFile()).redirectErrorStream(true).redirectOutput(work.resolve("sipp.log").toFile()).start();
        processes.add(process);
        return new Stream(name, rate, work, process, startedAt);
    }

    private record Stream(String name, int rate, Path work, Process process, long startedAt) {

        /** Waits for the stream's end and reads what SIPp traced. */
        Result result(long restartAt) throws IOException, InterruptedException {
            assertThat(process.waitFor(STREAM_SECONDS + 60, TimeUnit.SECONDS)).as(name + " ended").isTrue();
            List<String[]> rtt;
            try (var files = Files.list(work)) {
                Path trace = files.filter(file -> file.getFileName().toString().endsWith("_rtt.csv")).findFirst().orElseThrow();
                rtt = Files.readAllLines(trace).stream().skip(1).filter(line -> !line.isBlank()).map(line -> line.split(";")).toList();
            }
            // each answer: when it came (ms since SIPp started) and how long after its request was first sent
            long[] answers = rtt.stream().mapToLong(row -> (long) Double.parseDouble(row[0])).sorted().toArray();
            long slowest = rtt.stream().mapToLong(row -> (long) Double.parseDouble(row[1])).max().orElse(0);
            List<String> stat = Files.readAllLines(work.resolve("stat.csv"));
            List<String> columns = Arrays.asList(stat.get(0).split(";"));
            String[] last = stat.get(stat.size() - 1).split(";");
            long failed = Long.parseLong(last[columns.indexOf("FailedCall(C)")]);
            long retransmissions = Long.parseLong(last[columns.indexOf("Retransmissions(C)")]);
            long longest = 0;
            long silenceFrom = 0;
            for (int i = 1; i < answers.length; i++) {
                if (answers[i] - answers[i - 1] > longest) {
                    longest = answers[i] - answers[i - 1];
                    silenceFrom = answers[i - 1];
                }
            }
            long restartOffset = restartAt - startedAt;
            long afterRestart = Arrays.stream(answers).filter(answer -> answer > restartOffset).count();
            return new Result(name, rate, (long) rate * STREAM_SECONDS, answers.length, failed, retransmissions, slowest, longest,
                    silenceFrom - restartOffset, afterRestart);
        }
    }

    private record Result(String name, int rate, long sent, long answered, long failed, long retransmissions, long slowestAnswerMillis,
                          long longestSilenceMillis, long silenceStartFromRestartMillis, long answeredAfterRestart) {

        @Override
        public String toString() {
            return ("  %-8s %3d/s: %d sent, %d answered, %d failed, %d retransmissions, slowest answer %.2f s;"
                    + " longest time without answers %.2f s (from about %+.2f s of the restart)")
                    .formatted(name, rate, sent, answered, failed, retransmissions, slowestAnswerMillis / 1000.0,
                            longestSilenceMillis / 1000.0, silenceStartFromRestartMillis / 1000.0);
        }
    }
}
