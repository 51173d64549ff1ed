package org.proxytrunks.support.kafka;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;
import org.proxytrunks.support.SecretFile;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.Locale;
import java.util.Map;

/**
 * How a service's Kafka clients authenticate ({@code proxytrunks.kafka.security}): nothing on the
 * embedded stack's PLAINTEXT broker; on docker compose SASL with the service's own user, whose
 * password is read from a file when the service starts. Every Kafka client of a service (the Axon
 * publisher and consumers, the event followers, their probes, the topic provisioner) takes
 * {@link #clientProperties()}.
 *
 * @param protocol      {@code security.protocol}: PLAINTEXT (default), SASL_PLAINTEXT or SASL_SSL
 * @param saslMechanism SCRAM-SHA-512 (default), SCRAM-SHA-256 or PLAIN
 * @param username      the service's Kafka user; required with SASL, refused without it
 * @param passwordFile  the file that holds the user's password; required with SASL
 */
@ConfigurationProperties("proxytrunks.kafka.security")
public record KafkaSecurity(String protocol, String saslMechanism, String username, String passwordFile) {

    private static final Map<String, String> LOGIN_MODULES = Map.of(
            "SCRAM-SHA-512", "org.apache.kafka.common.security.scram.ScramLoginModule",
            "SCRAM-SHA-256", "org.apache.kafka.common.security.scram.ScramLoginModule",
            "PLAIN", "org.apache.kafka.common.security.plain.PlainLoginModule");

    public KafkaSecurity {
        protocol = blank(protocol) ? "PLAINTEXT" : protocol.trim().toUpperCase(Locale.ROOT);
        saslMechanism = blank(saslMechanism) ? "SCRAM-SHA-512" : saslMechanism.trim().toUpperCase(Locale.ROOT);
        username = blank(username) ? null : username.trim();
        passwordFile = blank(passwordFile) ? null : passwordFile.trim();
    }

    /** No authentication: the embedded stack's broker. */
    public static KafkaSecurity none() {
        return new KafkaSecurity(null, null, null, null);
    }

    /** SASL/SCRAM-SHA-512 without TLS as {@code username}, the password read from {@code passwordFile}. */
    public static KafkaSecurity scram(String username, String passwordFile) {
        return new KafkaSecurity("SASL_PLAINTEXT", "SCRAM-SHA-512", username, passwordFile);
    }

    /** Whether the clients authenticate with SASL. */
    public boolean sasl() {
        return protocol.startsWith("SASL_");
    }

    /**
     * The client properties that carry these settings: none for PLAINTEXT; the protocol, the
     * mechanism and the JAAS login (with the password read from its file now) for SASL.
     *
     * @throws IllegalStateException when the settings do not fit together, or the password cannot be read
     */
    public Map<String, Object> clientProperties() {
        if (!sasl()) {
            if (username != null) {
                throw new IllegalStateException("a Kafka user (" + username + ") is set but the security protocol is "
                        + protocol + ", which does not authenticate: set KAFKA_SECURITY_PROTOCOL=SASL_PLAINTEXT or SASL_SSL");
            }
            return "PLAINTEXT".equals(protocol) ? Map.of() : Map.of(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, protocol);
        }
        String module = LOGIN_MODULES.get(saslMechanism);
        if (module == null) {
            throw new IllegalStateException("unsupported SASL mechanism " + saslMechanism + "; use one of " + LOGIN_MODULES.keySet());
        }
        if (username == null) {
            throw new IllegalStateException("the Kafka security protocol is " + protocol + " but no user is set (KAFKA_SASL_USERNAME)");
        }
        String password = SecretFile.read(passwordFile, "KAFKA_SASL_PASSWORD_FILE");
        return Map.of(
                CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, protocol,
                SaslConfigs.SASL_MECHANISM, saslMechanism,
                SaslConfigs.SASL_JAAS_CONFIG, module + " required username=" + quoted(username) + " password=" + quoted(password) + ";");
    }

    /** The clients' connection to {@code bootstrapServers} with these settings. */
    public KafkaConnection connection(String bootstrapServers) {
        return new KafkaConnection(bootstrapServers, clientProperties());
    }

    private static String quoted(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
