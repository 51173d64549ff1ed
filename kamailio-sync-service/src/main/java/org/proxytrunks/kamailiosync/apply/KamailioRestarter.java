package org.proxytrunks.kamailiosync.apply;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Runs the operator's restart command for Kamailio (a new listener set needs a restart: Kamailio
 * cannot add listeners while it runs), with a time limit that holds: the command's output goes to
 * a file, not to a pipe this service would have to drain before it could wait, and a command
 * that outlives the limit is killed with everything it started.
 */
final class KamailioRestarter {

    /** How a restart went: {@code NOT_CONFIGURED} means an operator has to restart Kamailio. */
    enum Outcome { RESTARTED, NOT_CONFIGURED }

    private static final int OUTPUT_SHOWN = 2000;

    private final String command;
    private final Duration limit;

    /**
     * @param command the shell command ({@code /bin/sh -c}); null or blank when none is configured
     * @param limit   how long the command may take
     */
    KamailioRestarter(String command, Duration limit) {
        this.command = command;
        this.limit = limit;
    }

    /** Runs the command; an {@link IOException} says why it failed (its exit code and output, or the limit). */
    Outcome restart() throws IOException, InterruptedException {
        if (command == null || command.isBlank()) {
            return Outcome.NOT_CONFIGURED;
        }
        Path output = Files.createTempFile("kamailio-restart", ".log");
        try {
            Process process = new ProcessBuilder("/bin/sh", "-c", command).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new IOException("the restart command did not finish within " + limit.toSeconds() + " s; it was killed");
            }
            if (process.exitValue() != 0) {
                throw new IOException("the restart command failed with exit code " + process.exitValue() + ": " + shown(output));
            }
            return Outcome.RESTARTED;
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static String shown(Path output) throws IOException {
        String text = new String(Files.readAllBytes(output), StandardCharsets.UTF_8).strip();
        return text.length() > OUTPUT_SHOWN ? text.substring(text.length() - OUTPUT_SHOWN) : text;
    }
}
