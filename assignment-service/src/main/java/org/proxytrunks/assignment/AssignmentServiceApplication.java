package org.proxytrunks.assignment;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The assignment service: which brands may use which address, and which address each carrier and DDI provider uses (rules B1–B3, P1–P3). */
@SpringBootApplication
public class AssignmentServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(AssignmentServiceApplication.class, args);
    }
}
