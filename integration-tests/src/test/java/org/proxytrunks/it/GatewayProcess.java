package org.proxytrunks.it;

import org.proxytrunks.embedded.SharedTestStack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's own jar, run as a process of its own in front of services of the test JVM: as
 * {@code ./run.sh} runs it, and without its Spring Cloud Gateway on the services' classpath.
 */
final class GatewayProcess implements AutoCloseable {

    private final Process process;
    private final Path log;
    final int port;

    private GatewayProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    static GatewayProcess start(int addresses, int assignments, int projector, int sync, Path publicKey) {
        Path jar = Path.of(System.getProperty("proxytrunks.gateway.jar", "../gateway/target/gateway-0.1.0-SNAPSHOT-exec.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no gateway jar at " + jar.toAbsolutePath() + ": build the gateway module first (mvnw package)");
        }
        int port = SharedTestStack.freePort();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx192m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", jar.toString(),
                "--server.port=" + port,
                "--proxytrunks.gateway.address-service=http://127.0.0.1:" + addresses,
                "--proxytrunks.gateway.assignment-service=http://127.0.0.1:" + assignments,
                "--proxytrunks.gateway.projector=http://127.0.0.1:" + projector,
                "--proxytrunks.gateway.kamailio-sync=http://127.0.0.1:" + sync,
                "--proxytrunks.gateway.public-key-location=" + publicKey));
        try {
            Path log = Files.createTempFile("gateway-", ".log");
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            GatewayProcess gateway = new GatewayProcess(process, log, port);
            gateway.awaitHealthy(Duration.ofSeconds(90));
            return gateway;
        } catch (IOException e) {
            throw new IllegalStateException("could not start the gateway", e);
        }
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + port);
    }

    private void awaitHealthy(Duration within) throws IOException {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the gateway exited: " + Files.readString(log));
            }
            try {
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(base().resolve("/actuator/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        close();
        throw new IllegalStateException("the gateway was not healthy within " + within + ": " + Files.readString(log));
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
