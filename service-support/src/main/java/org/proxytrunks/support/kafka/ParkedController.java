package org.proxytrunks.support.kafka;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.proxytrunks.support.web.RequestFields;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/**
 * The Kafka records a service's followers set aside because they could not read or apply them;
 * registered by {@link MongoParkingConfiguration}.
 */
@RestController
@RequestMapping("/api/parked")
@Tag(name = "parked", description = "Records this service could not read or apply (God, services)")
@SecurityRequirement(name = "bearer")
public class ParkedController {

    private static final int MAX_LIMIT = 1000;

    private final ParkedRecords parked;

    public ParkedController(ParkedRecords parked) {
        this.parked = parked;
    }

    @GetMapping
    @PreAuthorize("hasAnyRole('GOD', 'SERVICE')")
    @Operation(summary = "How many records are parked, and the first of them by topic, partition and offset, "
            + "each with its raw value and headers (base64), the value as text when it is, and why it was parked")
    ParkedList list(@RequestParam(name = "limit", defaultValue = "100") int limit) {
        RequestFields fields = new RequestFields();
        if (limit < 1 || limit > MAX_LIMIT) {
            fields.reject("limit", "must be between 1 and " + MAX_LIMIT);
        }
        fields.throwIfInvalid();
        List<ParkedRecord> items = parked.list(limit);
        return new ParkedList(parked.count(), items);
    }

    /**
     * @param count how many records are parked
     * @param items the first of them
     */
    record ParkedList(long count, List<ParkedRecord> items) {
    }
}
