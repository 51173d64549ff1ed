package org.proxytrunks.kamailiosync;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** The Kamailio sync service: keeps a running Kamailio in step with the events. */
@SpringBootApplication
public class KamailioSyncServiceApplication {

    /**
     * The application with its own configuration file, {@code kamailio-sync-service.yml}: every service has a
     * differently named one, so that several can run in one JVM (as the integration tests do).
     */
    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(KamailioSyncServiceApplication.class)
                .properties("spring.config.name=kamailio-sync-service", "axoniq.update-checker.disabled=true");
    }

    public static void main(String[] args) {
        System.setProperty("axoniq.update-checker.disabled", "true");
        application().run(args);
    }
}
