package org.proxytrunks.assignment;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** The assignment service: which brands may use which address, and which address each carrier and DDI provider uses (rules B1–B3, P1–P3). */
@SpringBootApplication
public class AssignmentServiceApplication {

    /**
     * The application with its own configuration file, {@code assignment-service.yml}: every service has a
     * differently named one, so that several can run in one JVM (as the integration tests do).
     */
    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(AssignmentServiceApplication.class)
                .properties("spring.config.name=assignment-service", "axoniq.update-checker.disabled=true");
    }

    public static void main(String[] args) {
        System.setProperty("axoniq.update-checker.disabled", "true");
        application().run(args);
    }
}
