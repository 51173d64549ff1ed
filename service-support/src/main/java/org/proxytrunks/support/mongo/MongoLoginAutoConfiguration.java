package org.proxytrunks.support.mongo;

import com.mongodb.client.MongoClient;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.mongo.MongoAutoConfiguration;
import org.springframework.boot.autoconfigure.mongo.MongoClientSettingsBuilderCustomizer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Logs the service's MongoDB client in as its own user ({@link MongoLogin}). Spring Boot ignores
 * {@code spring.data.mongodb.username}/{@code password} once a URI is set, and cannot read a
 * password from a file, so the credential is added by a settings customizer, which Boot applies
 * after the connection string.
 */
@AutoConfiguration(before = MongoAutoConfiguration.class)
@ConditionalOnClass(MongoClient.class)
@EnableConfigurationProperties(MongoLogin.class)
public class MongoLoginAutoConfiguration {

    @Bean
    MongoClientSettingsBuilderCustomizer mongoLogin(MongoLogin login, @Value("${spring.data.mongodb.database:test}") String database) {
        return login.customizer(database);
    }
}
