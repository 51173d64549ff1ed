package org.proxytrunks.support.kafka;

import com.mongodb.client.MongoClient;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The parked records of a service that has a MongoDB database ({@code spring.data.mongodb.database}):
 * {@link MongoParkedRecords}, their gauge and {@code GET /api/parked}. A service imports it
 * ({@code @Import(MongoParkingConfiguration.class)}) and hands the {@link ParkedRecords} bean to its
 * followers and to its {@code EventFollowerHealthIndicator}.
 */
@Configuration(proxyBeanMethods = false)
public class MongoParkingConfiguration {

    @Bean
    ParkedRecords parkedRecords(MongoClient client, @Value("${spring.data.mongodb.database}") String database) {
        return new MongoParkedRecords(client.getDatabase(database));
    }

    @Bean
    ParkedController parkedController(ParkedRecords parked) {
        return new ParkedController(parked);
    }

    @Bean
    ParkedRecordsMetrics parkedRecordsMetrics(ParkedRecords parked) {
        return new ParkedRecordsMetrics(parked);
    }
}
