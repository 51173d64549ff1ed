package org.proxytrunks.support.kafka;

import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.security.JaasContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.security.auth.login.AppConfigurationEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KafkaSecurityTest {

    @TempDir
    Path directory;

    private String passwordFile(String content) throws IOException {
        Path file = directory.resolve("kafka-password");
        Files.writeString(file, content);
        return file.toString();
    }

    @Test
    void theEmbeddedStacksPlaintextBrokerGetsNoSecurityProperties() {
        assertThat(new KafkaSecurity("", "", "", "").clientProperties()).isEmpty();
        assertThat(KafkaSecurity.none().connection("127.0.0.1:9092").clientProperties(Map.of("group.id", "g")))
                .containsExactlyInAnyOrderEntriesOf(Map.of("bootstrap.servers", "127.0.0.1:9092", "group.id", "g"));
    }

    @Test
    void scramLogsInAsTheServiceWithThePasswordFromItsFile() throws IOException {
        Map<String, Object> properties = new KafkaSecurity("sasl_plaintext", null, "address-service", passwordFile("s3cret\n"))
                .clientProperties();

        assertThat(properties).containsEntry("security.protocol", "SASL_PLAINTEXT").containsEntry("sasl.mechanism", "SCRAM-SHA-512");
        AppConfigurationEntry login = login(properties);
        assertThat(login.getLoginModuleName()).isEqualTo("org.apache.kafka.common.security.scram.ScramLoginModule");
        assertThat(options(login)).containsEntry("username", "address-service").containsEntry("password", "s3cret");
    }

    @Test
    void quotesAndBackslashesInAPasswordReachKafkaUnchanged() throws IOException {
        String password = "a\"b\\c d;e=f";
        Map<String, Object> properties = KafkaSecurity.scram("projector-service", passwordFile(password)).clientProperties();

        assertThat(options(login(properties))).containsEntry("password", password);
    }

    @Test
    void plainUsesItsOwnLoginModule() throws IOException {
        Map<String, Object> properties = new KafkaSecurity("SASL_SSL", "PLAIN", "svc", passwordFile("x")).clientProperties();

        assertThat(properties).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "PLAIN");
        assertThat(login(properties).getLoginModuleName()).isEqualTo("org.apache.kafka.common.security.plain.PlainLoginModule");
    }

    @Test
    void settingsThatDoNotFitTogetherStopTheService() throws IOException {
        String file = passwordFile("x");
        assertThatThrownBy(() -> new KafkaSecurity("PLAINTEXT", null, "address-service", file).clientProperties())
                .hasMessageContaining("does not authenticate");
        assertThatThrownBy(() -> new KafkaSecurity("SASL_PLAINTEXT", null, null, file).clientProperties())
                .hasMessageContaining("KAFKA_SASL_USERNAME");
        assertThatThrownBy(() -> new KafkaSecurity("SASL_PLAINTEXT", null, "svc", null).clientProperties())
                .hasMessageContaining("KAFKA_SASL_PASSWORD_FILE is not set");
        assertThatThrownBy(() -> new KafkaSecurity("SASL_PLAINTEXT", "GSSAPI", "svc", file).clientProperties())
                .hasMessageContaining("unsupported SASL mechanism GSSAPI");
    }

    @Test
    void aMissingOrEmptyPasswordFileIsNamedButNeverShown() throws IOException {
        String missing = directory.resolve("absent").toString();
        assertThatThrownBy(() -> KafkaSecurity.scram("svc", missing).clientProperties()).hasMessageContaining(missing);
        String empty = passwordFile("\n");
        assertThatThrownBy(() -> KafkaSecurity.scram("svc", empty).clientProperties()).hasMessageContaining("is empty");
    }

    @Test
    void aConnectionPrintsNoPassword() throws IOException {
        KafkaConnection connection = KafkaSecurity.scram("svc", passwordFile("do-not-print")).connection("kafka:9092");

        assertThat(connection.toString()).contains("kafka:9092", "SASL_PLAINTEXT").doesNotContain("do-not-print");
    }

    /** The login as the Kafka client reads it from {@code sasl.jaas.config}. */
    private static AppConfigurationEntry login(Map<String, Object> properties) {
        List<AppConfigurationEntry> entries = JaasContext.loadClientContext(
                Map.of("sasl.jaas.config", new Password((String) properties.get("sasl.jaas.config")))).configurationEntries();
        assertThat(entries).hasSize(1);
        return entries.get(0);
    }

    private static Map<String, Object> options(AppConfigurationEntry login) {
        return Map.copyOf(login.getOptions());
    }
}
