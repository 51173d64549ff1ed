package org.proxytrunks.projector.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.proxytrunks.projector.consumer.ReadModels;
import org.proxytrunks.projector.consumer.ReplayStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;

/** Rebuilds every read model from the whole event history while the service keeps answering. */
@RestController
@RequestMapping("/api/replay")
@Tag(name = "replay", description = "Rebuild the read models from the event history (God)")
@SecurityRequirement(name = "bearer")
class ReplayController {

    private final ReadModels readModels;

    ReplayController(ReadModels readModels) {
        this.readModels = readModels;
    }

    @PostMapping
    @PreAuthorize("hasRole('GOD')")
    @Operation(summary = "Start a replay (202 with its progress); starting one while one runs answers the running one")
    ResponseEntity<ReplayStatus> start() {
        return ResponseEntity.accepted().location(URI.create("/api/replay")).body(readModels.startReplay());
    }

    @GetMapping
    @PreAuthorize("hasAnyRole('GOD', 'SERVICE')")
    @Operation(summary = "The progress of the running replay (done / total, rate, time left) or the outcome of the last")
    ReplayStatus status() {
        return readModels.replayStatus();
    }
}
