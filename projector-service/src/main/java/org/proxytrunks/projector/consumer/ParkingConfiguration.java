package org.proxytrunks.projector.consumer;

import org.proxytrunks.support.health.EventFollowerHealthIndicator;
import org.proxytrunks.support.kafka.MongoParkingConfiguration;
import org.proxytrunks.support.kafka.ParkedRecords;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Where the projection parks the events it cannot read or apply (the collection
 * {@code parked_records} of the projector's database, so they outlive a restart), their count as
 * a metric, and the health of the projection's followers ({@code projection} in the health).
 */
@Configuration(proxyBeanMethods = false)
@Import(MongoParkingConfiguration.class)
class ParkingConfiguration {

    @Bean
    EventFollowerHealthIndicator projectionHealthIndicator(ReadModels readModels, ParkedRecords parked) {
        return new EventFollowerHealthIndicator(readModels::followers, parked);
    }
}
