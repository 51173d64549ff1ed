package org.proxytrunks.support.mongo;

import com.mongodb.MongoCredential;
import org.proxytrunks.support.SecretFile;
import org.springframework.boot.autoconfigure.mongo.MongoClientSettingsBuilderCustomizer;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The MongoDB user a service logs in as ({@code proxytrunks.mongo}), its password read from a file
 * when the service starts. Without a user (the embedded stack) the connection string alone
 * decides, as before. With one, it is applied after the connection string, so {@code MONGO_URI}
 * keeps naming only the servers and options, and no password is ever part of it.
 *
 * @param username     the service's MongoDB user; none by default
 * @param passwordFile the file that holds its password; required with a user
 * @param authDatabase the database the user was created in; by default the service's own database
 */
@ConfigurationProperties("proxytrunks.mongo")
public record MongoLogin(String username, String passwordFile, String authDatabase) {

    public MongoLogin {
        username = blank(username) ? null : username.trim();
        passwordFile = blank(passwordFile) ? null : passwordFile.trim();
        authDatabase = blank(authDatabase) ? null : authDatabase.trim();
    }

    /**
     * Adds the credential to the client settings; does nothing without a user.
     *
     * @param serviceDatabase the service's database, where the user lives unless {@code authDatabase} says otherwise
     */
    public MongoClientSettingsBuilderCustomizer customizer(String serviceDatabase) {
        if (username == null) {
            return settings -> { };
        }
        MongoCredential credential = MongoCredential.createCredential(username,
                authDatabase != null ? authDatabase : serviceDatabase,
                SecretFile.read(passwordFile, "MONGO_PASSWORD_FILE").toCharArray());
        return settings -> settings.credential(credential);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
