package org.proxytrunks.kamailiosync.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.proxytrunks.kamailiosync.apply.KamailioApplier;
import org.proxytrunks.kamailiosync.apply.SyncStatus;
import org.proxytrunks.kamailiosync.state.EventFeed;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;

/** How Kamailio stands against the events, and a rebuild of the desired state (the parked records: {@code GET /api/parked}). */
@RestController
@RequestMapping("/api")
@Tag(name = "status", description = "Applied position, pending changes, last reload, wanted vs live sockets, unbindable addresses")
@SecurityRequirement(name = "bearer")
class StatusController {

    private final KamailioApplier applier;
    private final EventFeed feed;
    StatusController(KamailioApplier applier, EventFeed feed) {
        this.applier = applier;
        this.feed = feed;
    }

    @GetMapping("/status")
    @PreAuthorize("hasAnyRole('GOD', 'SERVICE')")
    @Operation(summary = "Where Kamailio stands")
    SyncStatus status() {
        return applier.status(feed.status());
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
