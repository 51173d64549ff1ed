package org.proxytrunks.kamailiosync.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.proxytrunks.kamailiosync.apply.KamailioApplier;
import org.proxytrunks.kamailiosync.apply.SyncStatus;
import org.proxytrunks.kamailiosync.state.EventFeed;
import org.proxytrunks.support.kafka.ParkedRecord;
import org.proxytrunks.support.kafka.ParkedRecords;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Map;

/** How Kamailio stands against the events, the records parked on the way, and a rebuild of the desired state. */
@RestController
@RequestMapping("/api")
@Tag(name = "status", description = "Applied position, pending changes, last reload, wanted vs live sockets, unbindable addresses")
@SecurityRequirement(name = "bearer")
class StatusController {

    private static final int PARKED_SHOWN = 100;

    private final KamailioApplier applier;
    private final EventFeed feed;
    private final ParkedRecords parked;

    StatusController(KamailioApplier applier, EventFeed feed, ParkedRecords parked) {
        this.applier = applier;
        this.feed = feed;
        this.parked = parked;
    }

    @GetMapping("/status")
    @PreAuthorize("hasAnyRole('GOD', 'SERVICE')")
    @Operation(summary = "Where Kamailio stands")
    SyncStatus status() {
        return applier.status(feed.status());
    }

    @GetMapping("/parked")
    @PreAuthorize("hasAnyRole('GOD', 'SERVICE')")
    @Operation(summary = "The records that could not be decoded or applied (the first " + PARKED_SHOWN + ")",
            description = "Parked records are passed over: the events after them are applied. Each keeps its raw value.")
    Map<String, Object> parked() {
        List<ParkedRecord> records = parked.list(PARKED_SHOWN);
        return Map.of("count", parked.count(), "records", records);
    }

    @PostMapping("/rebuild")
    @PreAuthorize("hasRole('GOD')")
    @Operation(summary = "Rebuild the desired state from the beginning of the topics",
            description = "Runs beside the applied state, which keeps following the events; replaces it once caught up, "
                    + "applying only what differs. 202 when started, 409 when a rebuild already runs.")
    ResponseEntity<?> rebuild() {
        if (!feed.rebuild()) {
            return ResponseEntity.status(HttpStatus.CONFLICT)
                    .body(ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, "a rebuild of the desired state already runs"));
        }
        return ResponseEntity.accepted().body(Map.of("rebuilding", true));
    }
}
