package org.proxytrunks.projector;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** The projector service: read models, query API (the admin dashboard, served by the gateway, reads it), live changes, audit log and replay. */
@SpringBootApplication
public class ProjectorServiceApplication {

    /**
     * The application with its own configuration file, {@code projector-service.yml}: every service has a
     * differently named one, so that several can run in one JVM (as the integration tests do).
     */
    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(ProjectorServiceApplication.class)
                .properties("spring.config.name=projector-service", "axoniq.update-checker.disabled=true");
    }

    public static void main(String[] args) {
        System.setProperty("axoniq.update-checker.disabled", "true");
        application().run(args);
    }
}
