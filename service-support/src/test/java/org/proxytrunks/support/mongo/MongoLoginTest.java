package org.proxytrunks.support.mongo;

import com.mongodb.MongoClientSettings;
import com.mongodb.MongoCredential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MongoLoginTest {

    @TempDir
    Path directory;

    private static MongoClientSettings settings(MongoLogin login, String database) {
        MongoClientSettings.Builder builder = MongoClientSettings.builder();
        login.customizer(database).customize(builder);
        return builder.build();
    }

    @Test
    void withoutAUserTheConnectionStringAloneDecides() {
        assertThat(settings(new MongoLogin("", "", ""), "proxytrunks-addresses").getCredential()).isNull();
    }

    @Test
    void theServiceLogsInToItsOwnDatabaseWithThePasswordFromItsFile() throws IOException {
        Path file = Files.writeString(directory.resolve("mongo-password"), "p@ss:word/1\n");

        MongoCredential credential = settings(new MongoLogin("address-service", file.toString(), null), "proxytrunks-addresses")
                .getCredential();

        assertThat(credential.getUserName()).isEqualTo("address-service");
        assertThat(credential.getSource()).isEqualTo("proxytrunks-addresses");
        assertThat(new String(credential.getPassword())).isEqualTo("p@ss:word/1");
    }

    @Test
    void anotherAuthenticationDatabaseCanBeNamed() throws IOException {
        Path file = Files.writeString(directory.resolve("mongo-password"), "x");

        assertThat(settings(new MongoLogin("ops", file.toString(), "admin"), "proxytrunks-addresses").getCredential().getSource())
                .isEqualTo("admin");
    }

    @Test
    void aUserWithoutAReadablePasswordFileStopsTheService() {
        assertThatThrownBy(() -> new MongoLogin("address-service", null, null).customizer("db"))
                .hasMessageContaining("MONGO_PASSWORD_FILE is not set");
        String missing = directory.resolve("absent").toString();
        assertThatThrownBy(() -> new MongoLogin("address-service", missing, null).customizer("db"))
                .hasMessageContaining(missing);
    }
}
