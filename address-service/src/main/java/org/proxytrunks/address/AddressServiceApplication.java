package org.proxytrunks.address;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The address service: the trunks proxy's signalling addresses (rules A1–A4). */
@SpringBootApplication
public class AddressServiceApplication {

    public static void main(String[] args) {
        System.setProperty("axoniq.update-checker.disabled", "true");
        SpringApplication.run(AddressServiceApplication.class, args);
    }
}
