package org.proxytrunks.kamailiosync.apply;

import com.mongodb.client.MongoClient;
import io.micrometer.core.instrument.MeterRegistry;
import org.proxytrunks.kamailiosync.state.DesiredState;
import org.proxytrunks.kamailiosync.state.EventFeed;
import org.proxytrunks.kamailiosync.state.StateSnapshots;
import org.proxytrunks.support.health.EventFollowerHealthIndicator;
import org.proxytrunks.support.kafka.KafkaSecurity;
import org.proxytrunks.support.kafka.MongoParkingConfiguration;
import org.proxytrunks.support.kafka.ParkedRecords;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import java.time.Clock;

/**
 * Wires the event feed to the applier and runs both while the service runs; the desired state's
 * snapshot and the parked records live in the service's MongoDB database.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SyncSettings.class)
@Import(MongoParkingConfiguration.class)
public class KamailioSyncConfiguration {

    @Bean
    DesiredState desiredState() {
        return new DesiredState();
    }

    @Bean
    StateSnapshots stateSnapshots(MongoClient client, @Value("${spring.data.mongodb.database}") String database) {
        return new StateSnapshots(client.getDatabase(database));
    }

    @Bean
    EventFeed eventFeed(DesiredState state, StateSnapshots snapshots, ParkedRecords parked,
                        @Value("${proxytrunks.kamailio.kafka-bootstrap}") String bootstrap, KafkaSecurity security) {
        return new EventFeed(state, security.connection(bootstrap), snapshots, parked);
    }

    @Bean
    KamailioApplier kamailioApplier(DesiredState state, EventFeed feed, SyncSettings settings, MeterRegistry meters) {
        return new KamailioApplier(state, feed::caughtUp, settings, Clock.systemUTC(), meters);
    }

    @Bean
    KamailioPreview kamailioPreview(DesiredState state, SyncSettings settings) {
        return new KamailioPreview(state, settings);
    }

    /** {@code feed} in the health: DOWN when the events are not followed any more, DEGRADED with parked records. */
    @Bean
    EventFollowerHealthIndicator feedHealthIndicator(EventFeed feed, ParkedRecords parked) {
        return new EventFollowerHealthIndicator(feed::followers, parked);
    }

    /** {@code applier} in the health: DOWN when the loop applying to Kamailio has ended. */
    @Bean
    HealthIndicator applierHealthIndicator(KamailioApplier applier) {
        return () -> applier.alive() ? Health.up().build() : Health.down().withDetail("reason", "the apply loop ended").build();
    }

    @Bean
    SmartLifecycle kamailioSync(EventFeed feed, KamailioApplier applier) {
        return new SmartLifecycle() {
            private volatile boolean running;

            @Override
            public void start() {
                feed.onChange(applier::changed);
                applier.start();
                feed.start();
                running = true;
            }

            @Override
            public void stop() {
                feed.close();
                applier.close();
                running = false;
            }

            @Override
            public boolean isRunning() {
                return running;
            }
        };
    }
}
