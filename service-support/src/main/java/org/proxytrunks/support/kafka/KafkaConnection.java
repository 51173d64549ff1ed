package org.proxytrunks.support.kafka;

import org.apache.kafka.clients.CommonClientConfigs;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Where a service's Kafka clients connect and the security properties they all carry
 * ({@link KafkaSecurity#clientProperties()}).
 *
 * @param bootstrapServers the brokers, {@code host:port[,host:port...]}
 * @param security         the client properties that authenticate the service (none for PLAINTEXT)
 */
public record KafkaConnection(String bootstrapServers, Map<String, Object> security) {

    public KafkaConnection {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        security = Map.copyOf(security);
    }

    /** A connection to a PLAINTEXT broker that does not authenticate clients (the embedded stack's). */
    public static KafkaConnection plaintext(String bootstrapServers) {
        return new KafkaConnection(bootstrapServers, Map.of());
    }

    /** A client's {@code own} properties with the bootstrap servers and the security properties added. */
    public Map<String, Object> clientProperties(Map<String, Object> own) {
        Map<String, Object> properties = new HashMap<>(own);
        properties.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.putAll(security);
        return properties;
    }

    /** Keeps the password out of logs. */
    @Override
    public String toString() {
        return "KafkaConnection[" + bootstrapServers + ", " + security.getOrDefault(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "PLAINTEXT") + "]";
    }
}
