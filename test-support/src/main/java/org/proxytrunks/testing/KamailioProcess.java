package org.proxytrunks.testing;

import org.proxytrunks.embedded.SharedTestStack;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real Kamailio from the Debian packages, on loopback ports of its own, for one test: its
 * configuration is checked with {@code kamailio -c} and it runs in the foreground until closed.
 */
public final class KamailioProcess implements AutoCloseable {

    public final Path directory;
    public final Path tables;
    public final int sipPort = SharedTestStack.freePort();
    public final int rpcPort = SharedTestStack.freePort();
    private Process process;

    public KamailioProcess(Path directory) throws IOException {
        this.directory = directory;
        this.tables = Files.createDirectories(directory.resolve("tables"));
    }

    /** A minimal configuration: the SIP socket, XML-RPC from loopback only, and htables for both provider kinds. */
    public String configuration() {
        return """
                #!KAMAILIO
                debug=2
                log_stderror=yes
                children=1
                dns=no
                rev_dns=no
                auto_aliases=no
                use_dns_cache=off
                tcp_accept_no_cl=yes
                listen=udp:127.0.0.1:%1$d
                listen=tcp:127.0.0.1:%2$d
                loadmodule "sl.so"
                loadmodule "pv.so"
                loadmodule "corex.so"
                loadmodule "db_text.so"
                loadmodule "htable.so"
                loadmodule "xmlrpc.so"
                modparam("db_text", "db_mode", 1)
                modparam("htable", "db_url", "text://%3$s")
                modparam("htable", "htable", "carriers=>size=8;autoexpire=0;dbtable=carriers;")
                modparam("htable", "htable", "ddi_providers=>size=8;autoexpire=0;dbtable=ddi_providers;")
                modparam("xmlrpc", "route", "XMLRPC")
                modparam("xmlrpc", "url_match", "^/RPC2")
                request_route {
                    sl_send_reply("404", "Not here");
                }
                route[XMLRPC] {
                    if (src_ip != 127.0.0.1) {
                        xmlrpc_reply("403", "Forbidden");
                        exit;
                    }
                    dispatch_rpc();
                }
                """.formatted(sipPort, rpcPort, tables.toAbsolutePath());
    }

    /** Starts Kamailio with {@link #configuration()}. */
    public void start() throws IOException, InterruptedException {
        start(configuration());
    }

    /** Checks {@code configuration} with {@code kamailio -c}, then starts Kamailio with it; returns once XML-RPC accepts connections. */
    public void start(String configuration) throws IOException, InterruptedException {
        Path config = directory.resolve("kamailio.cfg");
        Files.writeString(config, configuration);
        Process check = new ProcessBuilder("kamailio", "-c", "-f", config.toString()).redirectErrorStream(true).start();
        String checkOutput = new String(check.getInputStream().readAllBytes());
        if (!check.waitFor(20, TimeUnit.SECONDS) || check.exitValue() != 0) {
            throw new IllegalStateException("kamailio -c refused the configuration: " + checkOutput);
        }
        process = new ProcessBuilder("kamailio", "-f", config.toString(), "-DD", "-E", "-Y", directory.toString())
                .redirectErrorStream(true).redirectOutput(directory.resolve("kamailio.log").toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress("127.0.0.1", rpcPort), 200);
                return;
            } catch (IOException notYet) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("Kamailio did not start: " + Files.readString(directory.resolve("kamailio.log")));
                }
                Thread.sleep(50);
            }
        }
    }

    /** The XML-RPC URL of this Kamailio. */
    public String rpcUrl() {
        return "http://127.0.0.1:" + rpcPort + "/RPC2";
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
