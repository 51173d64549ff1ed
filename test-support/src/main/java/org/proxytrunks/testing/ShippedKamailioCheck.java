package org.proxytrunks.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code kamailio -c} on the shipped configuration ({@code kamailio/kamailio.cfg.template},
 * rendered as {@code ./run.sh} renders it: an IPv6 main IP in brackets) with the listener files
 * and provider tables a test gives, and the sockets Kamailio says it would listen on. The check
 * parses the configuration and binds nothing, so any address may be listed.
 */
public final class ShippedKamailioCheck {

    private static final Pattern SOCKET = Pattern.compile(
            "^\\s*(udp|tcp|tls|sctp): \\S+ \\[(.+)]:(\\d+)(?: advertise (\\S+))?(?: name (\\S+))?\\s*$");

    /**
     * One socket of Kamailio's "Listening on" list.
     *
     * @param protocol  udp, tcp, tls or sctp
     * @param ip        the address, as Kamailio prints it (IPv6 without brackets, not always in RFC 5952 form)
     * @param port      the port
     * @param advertise the advertised host and port as printed, or null
     * @param name      the socket's name, or null
     */
    public record Socket(String protocol, String ip, int port, String advertise, String name) {
    }

    /**
     * What {@code kamailio -c} said.
     *
     * @param exitCode its exit code: 0 when it accepts the configuration
     * @param output   what it printed
     * @param sockets  the sockets it listed
     */
    public record Result(int exitCode, String output, List<Socket> sockets) {

        public boolean accepted() {
            return exitCode == 0;
        }
    }

    private ShippedKamailioCheck() {
    }

    /** The Kamailio binary, when one runs here: {@code kamailio} on the path or Debian's {@code /usr/sbin/kamailio}. */
    public static String binary() {
        for (String candidate : List.of("kamailio", "/usr/sbin/kamailio")) {
            try {
                Process probe = new ProcessBuilder(candidate, "-v").redirectErrorStream(true).start();
                probe.getInputStream().readAllBytes();
                if (probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0) {
                    return candidate;
                }
            } catch (IOException e) {
                // not this one
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }

    /** The shipped template, found from the working directory of a module's tests or of the repository. */
    public static Path template() {
        for (Path directory = Path.of("").toAbsolutePath(); directory != null; directory = directory.getParent()) {
            Path template = directory.resolve("kamailio/kamailio.cfg.template");
            if (Files.isRegularFile(template)) {
                return template;
            }
        }
        throw new IllegalStateException("kamailio/kamailio.cfg.template not found above " + Path.of("").toAbsolutePath());
    }

    /**
     * Writes the template rendered for {@code mainIp} and {@code rpcPort}, the two listener files
     * and the two provider tables into {@code directory} and runs {@code kamailio -c} on them.
     */
    public static Result check(String binary, Path directory, String mainIp, int rpcPort, String mainListeners,
                               String additionalListeners, String carriers, String ddiProviders) throws IOException, InterruptedException {
        Path tables = Files.createDirectories(directory.resolve("tables"));
        Files.writeString(directory.resolve("main_address.cfg"), mainListeners);
        Files.writeString(directory.resolve("additional_addresses.cfg"), additionalListeners);
        Files.writeString(tables.resolve("carriers"), carriers);
        Files.writeString(tables.resolve("ddi_providers"), ddiProviders);
        Path config = directory.resolve("kamailio.cfg");
        Files.writeString(config, Files.readString(template())
                .replace("@MAIN_IP@", mainIp.indexOf(':') >= 0 ? "[" + mainIp + "]" : mainIp)
                .replace("@RPC_PORT@", String.valueOf(rpcPort))
                .replace("@PROXYTRUNKS_DIR@", directory.toAbsolutePath().toString())
                .replace("@INTERNAL_NET@", "127.0.0.0/8"));
        Process check = new ProcessBuilder(binary, "-c", "-f", config.toString()).redirectErrorStream(true).start();
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!check.waitFor(30, TimeUnit.SECONDS)) {
            check.destroyForcibly();
            throw new IllegalStateException("kamailio -c did not finish within 30 s:\n" + output);
        }
        return new Result(check.exitValue(), output, sockets(output));
    }

    private static List<Socket> sockets(String output) {
        List<Socket> sockets = new ArrayList<>();
        boolean listing = false;
        for (String line : output.lines().toList()) {
            if (line.startsWith("Listening on")) {
                listing = true;
            } else if (listing) {
                Matcher socket = SOCKET.matcher(line);
                if (!socket.matches()) {
                    break;
                }
                sockets.add(new Socket(socket.group(1), socket.group(2), Integer.parseInt(socket.group(3)), socket.group(4),
                        socket.group(5)));
            }
        }
        return sockets;
    }
}
