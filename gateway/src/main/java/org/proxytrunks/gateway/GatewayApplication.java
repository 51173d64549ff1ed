package org.proxytrunks.gateway;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The edge of the platform for people: the admin dashboard and the four services' APIs on one
 * origin, behind a signed-in session. The services keep their own ports for other platform
 * services, which call them with their own tokens.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class GatewayApplication {

    /** The application with its own configuration file, {@code gateway.yml}, so that it can share a JVM with the services in tests. */
    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(GatewayApplication.class).properties("spring.config.name=gateway");
    }

    public static void main(String[] args) {
        application().run(args);
    }
}
