package org.proxytrunks.projector;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The projector service: read models, query API, admin dashboard, audit log and replay. */
@SpringBootApplication
public class ProjectorServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(ProjectorServiceApplication.class, args);
    }
}
