package org.proxytrunks.support.health;

import com.mongodb.client.MongoClient;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.mongo.MongoAutoConfiguration;
import org.springframework.context.annotation.Bean;

/** Health indicators that work against the embedded stack as well as the real servers. */
@AutoConfiguration(after = MongoAutoConfiguration.class)
@ConditionalOnClass(MongoClient.class)
public class HealthAutoConfiguration {

    @Bean
    @ConditionalOnBean(MongoClient.class)
    MongoPingHealthIndicator mongoHealthIndicator(MongoClient client,
                                                  @Value("${spring.data.mongodb.database:admin}") String database) {
        return new MongoPingHealthIndicator(client, database);
    }
}
