package org.proxytrunks.kamailiosync.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.proxytrunks.kamailiosync.apply.KamailioApplier;
import org.proxytrunks.kamailiosync.apply.SyncStatus;
import org.proxytrunks.kamailiosync.state.EventFeed;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** How Kamailio stands against the events: for God and platform services. */
@RestController
@RequestMapping("/api/status")
@Tag(name = "status", description = "Applied position, pending changes, last reload, wanted vs live sockets, unbindable addresses")
@SecurityRequirement(name = "bearer")
class StatusController {

    private final KamailioApplier applier;
    private final EventFeed feed;

    StatusController(KamailioApplier applier, EventFeed feed) {
        this.applier = applier;
        this.feed = feed;
    }

    @GetMapping
    @PreAuthorize("hasAnyRole('GOD', 'SERVICE')")
    @Operation(summary = "Where Kamailio stands")
    SyncStatus status() {
        return applier.status(feed.positions());
    }
}
