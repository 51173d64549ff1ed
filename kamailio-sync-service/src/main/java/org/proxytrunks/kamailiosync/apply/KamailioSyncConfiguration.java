package org.proxytrunks.kamailiosync.apply;

import io.micrometer.core.instrument.MeterRegistry;
import org.proxytrunks.kamailiosync.state.DesiredState;
import org.proxytrunks.kamailiosync.state.EventFeed;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/** Wires the event feed to the applier and runs both while the service runs. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SyncSettings.class)
public class KamailioSyncConfiguration {

    @Bean
    DesiredState desiredState() {
        return new DesiredState();
    }

    @Bean
    KamailioApplier kamailioApplier(DesiredState state, SyncSettings settings, MeterRegistry meters) {
        return new KamailioApplier(state, settings, Clock.systemUTC(), meters);
    }

    @Bean
    EventFeed eventFeed(DesiredState state, KamailioApplier applier, @Value("${proxytrunks.kamailio.kafka-bootstrap}") String bootstrap) {
        return new EventFeed(state, bootstrap, applier::changed);
    }

    @Bean
    SmartLifecycle kamailioSync(EventFeed feed, KamailioApplier applier) {
        return new SmartLifecycle() {
            private volatile boolean running;

            @Override
            public void start() {
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
