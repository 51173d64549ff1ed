package org.proxytrunks.address;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** The address service: the trunks proxy's signalling addresses (rules A1–A4). */
@SpringBootApplication
public class AddressServiceApplication {

    /**
     * The application with its own configuration file, {@code address-service.yml}: every service has a
     * differently named one, so that several can run in one JVM (as the integration tests do).
     */
    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(AddressServiceApplication.class)
                .properties("spring.config.name=address-service", "axoniq.update-checker.disabled=true");
    }

    public static void main(String[] args) {
        System.setProperty("axoniq.update-checker.disabled", "true");
        application().run(args);
    }
}
