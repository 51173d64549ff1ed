package org.proxytrunks.kamailiosync.apply;

import org.proxytrunks.events.IpLiteral;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Asks {@code kamailio -c} about new listener files before they replace the ones Kamailio reads:
 * the shipped configuration template is rendered into a scratch directory that holds the
 * candidate files (and the real tables), and checked. The main IP goes in as {@code ./run.sh}
 * writes it, an IPv6 address in brackets: the template's XML-RPC listener puts a port after it.
 * Kamailio's check is syntax only — it does not notice an address the host cannot bind, which the
 * applier's bind check covers.
 */
final class ConfigCheck {

    private final Path template;
    private final String binary;
    private final Path tables;

    ConfigCheck(Path template, String binary, Path tables) {
        this.template = template;
        this.binary = binary;
        this.tables = tables;
    }

    /** Whether a template is configured and the binary runs here. */
    static boolean available(Path template, String binary) {
        if (template == null || !Files.isRegularFile(template)) {
            return false;
        }
        try {
            Process probe = new ProcessBuilder(binary, "-v").redirectErrorStream(true).start();
            probe.getInputStream().readAllBytes();
            return probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Why Kamailio refuses the candidate files, or empty when it accepts them. */
    Optional<String> refusal(String mainListeners, String additionalListeners, IpLiteral mainIp, int rpcPort)
            throws IOException, InterruptedException {
        Path scratch = Files.createTempDirectory("kamailio-check");
        try {
            Files.writeString(scratch.resolve("main_address.cfg"), mainListeners);
            Files.writeString(scratch.resolve("additional_addresses.cfg"), additionalListeners);
            Files.createSymbolicLink(scratch.resolve("tables"), tables.toAbsolutePath());
            Path config = scratch.resolve("kamailio.cfg");
            Files.writeString(config, Files.readString(template)
                    .replace("@MAIN_IP@", mainIp.sipHost())
                    .replace("@RPC_PORT@", String.valueOf(rpcPort))
                    .replace("@PROXYTRUNKS_DIR@", scratch.toString())
                    .replace("@INTERNAL_NET@", "127.0.0.0/8"));
            Process check = new ProcessBuilder(binary, "-c", "-f", config.toString()).redirectErrorStream(true).start();
            String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!check.waitFor(30, TimeUnit.SECONDS)) {
                check.destroyForcibly();
                return Optional.of("kamailio -c did not finish within 30 s");
            }
            if (check.exitValue() == 0) {
                return Optional.empty();
            }
            String lastLines = output.lines().filter(l -> l.contains("ERROR") || l.contains("CRITICAL")).reduce((a, b) -> b).orElse(output.strip());
            return Optional.of("kamailio -c refused the new listener set: " + lastLines.strip());
        } finally {
            try (Stream<Path> files = Files.walk(scratch)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
