package org.proxytrunks.embedded;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A real single-node Kafka broker in KRaft mode (broker and controller in one process), run from
 * the Apache Kafka jars. Its log directory is formatted once and then kept, so topics and
 * consumer positions survive a restart. Topics keep their records forever by default, because
 * replay and audit need the whole history.
 *
 * <p>By default it takes PLAINTEXT clients without authentication. A test can give it other
 * settings (SASL listeners, an authorizer, as the docker compose broker has) and the SCRAM
 * credentials to write when the log directory is formatted, as {@code kafka-storage format
 * --add-scram} does.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private final Path logDirectory;
    private final String host;
    private final int port;
    private final int controllerPort;
    private final Map<String, String> overrides;
    private final List<String> scramCredentials;
    private KafkaRaftServer server;

    public EmbeddedKafkaBroker(Path dataDirectory, String host, int port, int controllerPort) {
        this(dataDirectory, host, port, controllerPort, Map.of(), List.of());
    }

    /**
     * A broker with {@code overrides} over its default settings; the log directory stays its own.
     * When they rename the listeners, the one that clients reach at {@link #bootstrapServers()}
     * must be on {@code port}, and the controller's on {@code controllerPort}.
     *
     * @param scramCredentials SCRAM credentials written at format time, in the form of {@code
     *                         kafka-storage format --add-scram}: {@code SCRAM-SHA-512=[name=alice,password=secret]}
     */
    public EmbeddedKafkaBroker(Path dataDirectory, String host, int port, int controllerPort,
                               Map<String, String> overrides, List<String> scramCredentials) {
        this.logDirectory = dataDirectory.resolve("kafka");
        this.host = host;
        this.port = port;
        this.controllerPort = controllerPort;
        this.overrides = Map.copyOf(overrides);
        this.scramCredentials = List.copyOf(scramCredentials);
    }

    /** Formats the log directory when it is new, then starts the broker and controller. */
    public synchronized void start() {
        if (server != null) {
            return;
        }
        Map<String, Object> properties = properties();
        KafkaConfig config = new KafkaConfig(properties, false);
        formatIfNew(properties.get("controller.listener.names").toString().split(",")[0].trim());
        KafkaRaftServer started = new KafkaRaftServer(config, Time.SYSTEM);
        started.startup();
        server = started;
    }

    /** Shuts the broker down cleanly and waits until it has. */
    public synchronized void stop() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
    }

    public String bootstrapServers() {
        return host + ":" + port;
    }

    @Override
    public void close() {
        stop();
    }

    private Map<String, Object> properties() {
        Map<String, Object> p = new HashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@" + host + ":" + controllerPort);
        p.put("listeners", "PLAINTEXT://" + host + ":" + port + ",CONTROLLER://" + host + ":" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://" + host + ":" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", logDirectory.toAbsolutePath().toString());
        p.put("num.partitions", "3");
        p.put("log.retention.ms", "-1");
        p.put("log.retention.bytes", "-1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "5");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("auto.create.topics.enable", "true");
        p.put("log.segment.bytes", String.valueOf(64 * 1024 * 1024));
        p.putAll(overrides);
        p.put("log.dirs", logDirectory.toAbsolutePath().toString());
        return p;
    }

    private void formatIfNew(String controllerListenerName) {
        if (Files.exists(logDirectory.resolve("meta.properties"))) {
            return;
        }
        try {
            Files.createDirectories(logDirectory);
            Formatter formatter = new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setClusterId(Uuid.randomUuid().toString())
                    .setNodeId(1)
                    .setControllerListenerName(controllerListenerName)
                    .setMetadataLogDirectory(logDirectory.toAbsolutePath().toString())
                    .setDirectories(Set.of(logDirectory.toAbsolutePath().toString()))
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .setScramArguments(scramCredentials);
            formatter.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("could not format the Kafka log directory " + logDirectory, e);
        }
    }
}
