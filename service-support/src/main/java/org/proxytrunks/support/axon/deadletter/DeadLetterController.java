package org.proxytrunks.support.axon.deadletter;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.proxytrunks.support.web.InvalidRequestException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** The parked events of this service's event processors, for the platform operator (God only). */
@RestController
@RequestMapping("/api/dead-letters")
@PreAuthorize("hasRole('GOD')")
@Tag(name = "dead-letters", description = "Events whose handling kept failing, parked until a retry (God only)")
@SecurityRequirement(name = "bearer")
class DeadLetterController {

    static final int MAX_LIMIT = 1000;

    private final DeadLetters deadLetters;

    DeadLetterController(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    /**
     * The parked events, group by group and each sequence in order.
     *
     * @param total the number of parked events, which may be more than the items listed
     */
    record Listing(long total, List<ParkedEvent> items) {
    }

    @GetMapping
    @Operation(summary = "List the parked events", description = "Up to limit (1–" + MAX_LIMIT + ", default 100) events, "
            + "with the processing group, sequence, event, cause and first and last attempt; total counts them all")
    Listing list(@RequestParam(defaultValue = "100") int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidRequestException("limit", "must be between 1 and " + MAX_LIMIT + ", not " + limit);
        }
        long total = deadLetters.counts().values().stream().mapToLong(Long::longValue).sum();
        return new Listing(total, deadLetters.list(limit));
    }

    @PostMapping("/retry")
    @Operation(summary = "Handle the parked events again", description = "Each parked sequence once, in order, stopping "
            + "at an event that fails again; answers how many went through and how many are still parked")
    RetryOutcome retry() {
        return deadLetters.retry();
    }
}
