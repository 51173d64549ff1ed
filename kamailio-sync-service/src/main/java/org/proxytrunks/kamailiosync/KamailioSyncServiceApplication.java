package org.proxytrunks.kamailiosync;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The Kamailio sync service: keeps a running Kamailio in step with the events. */
@SpringBootApplication
public class KamailioSyncServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(KamailioSyncServiceApplication.class, args);
    }
}
