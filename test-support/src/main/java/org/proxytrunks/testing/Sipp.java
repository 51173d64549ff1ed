package org.proxytrunks.testing;

import org.proxytrunks.embedded.SharedTestStack;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs SIPp (Debian's {@code sip-tester}) as a real peer, on loopback only, bounded in time. */
public final class Sipp {

    private Sipp() {
    }

    /**
     * Runs {@code scenario} once against {@code target} from {@code localIp}; answers SIPp's exit
     * code (0: the scenario passed). {@code extra} are further options such as {@code -t t1}.
     */
    public static int run(Path directory, Path scenario, String target, String localIp, String... extra)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("sipp"));
        if (target != null) {
            command.add(target);
        }
        command.addAll(List.of("-sf", scenario.toString(), "-i", localIp, "-p", String.valueOf(SharedTestStack.freePort()),
                "-cp", String.valueOf(SharedTestStack.freePort()), "-m", "1", "-nostdin", "-timeout", "8s", "-timeout_error"));
        command.addAll(List.of(extra));
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(directory.resolve(scenario.getFileName() + ".log").toFile()).start();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return -1;
        }
        return process.exitValue();
    }

    /** Starts a SIPp UAS in the background; the future completes with its exit code. */
    public static CompletableFuture<Integer> serve(Path directory, Path scenario, String localIp, int port) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                Process process = new ProcessBuilder("sipp", "-sf", scenario.toString(), "-i", localIp, "-p", String.valueOf(port),
                        "-cp", String.valueOf(SharedTestStack.freePort()), "-m", "1", "-nostdin", "-timeout", "10s", "-timeout_error")
                        .directory(directory.toFile()).redirectErrorStream(true)
                        .redirectOutput(directory.resolve(scenario.getFileName() + ".log").toFile()).start();
                if (!process.waitFor(15, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    return -1;
                }
                return process.exitValue();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        });
    }
}
