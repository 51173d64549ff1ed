package org.proxytrunks.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One Kafka broker, one MongoDB-protocol server and one signing key for a whole test run (one
 * JVM), on free loopback ports and in a fresh temporary directory; started on first use and
 * stopped when the JVM exits. Tests that stop a server on purpose start their own instead.
 */
public final class SharedTestStack {

    private static SharedTestStack instance;

    private final Path directory;
    private final EmbeddedMongoServer mongo;
    private final EmbeddedKafkaBroker kafka;
    private final SigningKeys keys;

    private SharedTestStack(Path directory) {
        this.directory = directory;
        this.keys = SigningKeys.loadOrCreate(directory.resolve("jwt"));
        this.mongo = new EmbeddedMongoServer(directory.resolve("mongo"), "127.0.0.1", freePort());
        this.kafka = new EmbeddedKafkaBroker(directory, "127.0.0.1", freePort(), freePort());
    }

    /** The stack of this test run, started on first call. */
    public static synchronized SharedTestStack get() {
        if (instance == null) {
            try {
                SharedTestStack stack = new SharedTestStack(Files.createTempDirectory("proxytrunks-test-stack"));
                stack.mongo.start();
                stack.kafka.start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    stack.kafka.stop();
                    stack.mongo.stop();
                }, "shared-test-stack-shutdown"));
                instance = stack;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return instance;
    }

    public EmbeddedMongoServer mongo() {
        return mongo;
    }

    public EmbeddedKafkaBroker kafka() {
        return kafka;
    }

    public SigningKeys keys() {
        return keys;
    }

    public Path directory() {
        return directory;
    }

    /** A loopback TCP port that is free now. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
