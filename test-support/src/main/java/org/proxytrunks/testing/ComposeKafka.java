package org.proxytrunks.testing;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.proxytrunks.embedded.EmbeddedKafkaBroker;
import org.proxytrunks.embedded.SharedTestStack;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

/**
 * A Kafka broker secured as the docker compose one: the repository's
 * {@code compose/kafka/server.properties} with its addresses and directory replaced, the admin
 * logins that {@code compose/kafka/start.sh} adds, a SCRAM user per service with a password file
 * of its own (as the compose secrets), and the ACLs of {@code compose/kafka/acls}.
 */
public final class ComposeKafka implements AutoCloseable {

    /** The Kafka users of the compose stack: the admin (super user) and one per service. */
    public static final List<String> USERS = List.of("admin", "address-service", "assignment-service",
            "projector-service", "kamailio-sync-service");

    private final EmbeddedKafkaBroker broker;
    private final Map<String, Path> passwordFiles;
    private final List<AclBinding> acls;

    private ComposeKafka(EmbeddedKafkaBroker broker, Map<String, Path> passwordFiles, List<AclBinding> acls) {
        this.broker = broker;
        this.passwordFiles = passwordFiles;
        this.acls = acls;
    }

    /** Starts the broker in a new directory of {@code parent}, with the compose files of {@code composeKafka}. */
    public static ComposeKafka start(Path composeKafka, Path parent) {
        try {
            Path directory = Files.createTempDirectory(parent, "compose-kafka");
            Map<String, Path> passwordFiles = new LinkedHashMap<>();
            List<String> scram = new ArrayList<>();
            for (String user : USERS) {
                String password = UUID.randomUUID().toString().replace("-", "");
                passwordFiles.put(user, Files.writeString(directory.resolve("kafka-" + user), password + "\n"));
                scram.add("SCRAM-SHA-512=[name=" + user + ",password=" + password + "]");
            }
            String admin = Files.readString(passwordFiles.get("admin")).strip();
            int port = SharedTestStack.freePort();
            int controllerPort = SharedTestStack.freePort();
            Map<String, String> settings = serverProperties(composeKafka.resolve("server.properties"));
            settings.put("listeners", "CLIENT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
            settings.put("advertised.listeners", "CLIENT://127.0.0.1:" + port);
            settings.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
            settings.put("listener.name.client.scram-sha-512.sasl.jaas.config", scramLogin("admin", admin));
            settings.put("listener.name.controller.plain.sasl.jaas.config",
                    "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"admin\" password=\"" + admin
                            + "\" user_admin=\"" + admin + "\";");
            EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(directory, "127.0.0.1", port, controllerPort, settings, scram);
            broker.start();
            ComposeKafka kafka = new ComposeKafka(broker, passwordFiles, acls(composeKafka.resolve("acls")));
            kafka.grantAcls();
            return kafka;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    /** The file that holds {@code user}'s password, as its compose secret does. */
    public Path passwordFile(String user) {
        return passwordFiles.get(user);
    }

    /** The settings of a service that logs in to this broker as {@code user}, as docker compose gives them. */
    public Map<String, Object> serviceLogin(String user) {
        return Map.of("proxytrunks.kafka.security.protocol", "SASL_PLAINTEXT",
                "proxytrunks.kafka.security.username", user,
                "proxytrunks.kafka.security.password-file", passwordFile(user).toString());
    }

    /** The ACLs read from the compose file, as given to the broker. */
    public List<AclBinding> acls() {
        return acls;
    }

    /** Client properties that log in as {@code user} (the admin is the super user). */
    public Map<String, Object> clientProperties(String user) {
        try {
            return Map.of("bootstrap.servers", bootstrapServers(), "security.protocol", "SASL_PLAINTEXT",
                    "sasl.mechanism", "SCRAM-SHA-512",
                    "sasl.jaas.config", scramLogin(user, Files.readString(passwordFiles.get(user)).strip()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates {@code topic} (3 partitions) as the admin, unless it exists. */
    public void createTopic(String topic) {
        try (Admin admin = Admin.create(clientProperties("admin"))) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("could not create " + topic, e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void grantAcls() {
        try (Admin admin = Admin.create(clientProperties("admin"))) {
            admin.createAcls(acls).all().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("the broker refused the compose ACLs", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The ACLs of the compose file: per line, the user, its operations (comma-separated), the
     * resource type as {@code kafka-acls.sh} names it ({@code topic}, {@code group},
     * {@code transactional-id}), the pattern type and the resource name.
     */
    static List<AclBinding> acls(Path file) throws IOException {
        List<AclBinding> bindings = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            String text = line.strip();
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            String[] fields = text.split("\\s+");
            if (fields.length != 5) {
                throw new IllegalArgumentException("an ACL line has 5 fields: " + line);
            }
            ResourcePattern resource = new ResourcePattern(
                    ResourceType.valueOf(fields[2].replace('-', '_').toUpperCase(Locale.ROOT)), fields[4],
                    PatternType.valueOf(fields[3].toUpperCase(Locale.ROOT)));
            for (String operation : fields[1].split(",")) {
                bindings.add(new AclBinding(resource, new AccessControlEntry("User:" + fields[0], "*",
                        AclOperation.valueOf(operation.toUpperCase(Locale.ROOT)), AclPermissionType.ALLOW)));
            }
        }
        return List.copyOf(bindings);
    }

    private static Map<String, String> serverProperties(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        }
        Map<String, String> settings = new HashMap<>();
        properties.stringPropertyNames().forEach(name -> settings.put(name, properties.getProperty(name)));
        return settings;
    }

    private static String scramLogin(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\" password=\"" + password + "\";";
    }

    @Override
    public void close() {
        broker.close();
    }
}
