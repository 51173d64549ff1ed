package org.proxytrunks.kamailiosync.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.proxytrunks.kamailiosync.apply.KamailioPreview;
import org.proxytrunks.kamailiosync.apply.PreviewEffect;
import org.proxytrunks.kamailiosync.state.EventFeed;
import org.proxytrunks.support.web.Problems;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/**
 * What events would change in Kamailio, asked by the command services for their dry runs
 * ({@code dryRun=true}) on the caller's behalf, so that every platform role may ask.
 */
@RestController
@Tag(name = "preview", description = "What events of the published contract would change in Kamailio (the command services' dry runs)")
@SecurityRequirement(name = "bearer")
class PreviewController {

    private final KamailioPreview preview;
    private final EventFeed feed;
    private final PreviewEvents events = new PreviewEvents();

    PreviewController(KamailioPreview preview, EventFeed feed) {
        this.preview = preview;
        this.feed = feed;
    }

    @PostMapping("/api/preview")
    // not a brand admin: the events posted here are not checked against provider ownership (the
    // command services check it before they ask), so a made-up event would show another brand's provider
    @PreAuthorize("hasAnyRole('GOD', 'SERVICE')")
    @Operation(summary = "What events would change in Kamailio",
            description = "The events (each its type's simple name and its payload as published, at most "
                    + PreviewEvents.MAX_EVENTS + ") are applied in order to a copy of the desired state; nothing is applied "
                    + "to Kamailio. 200 with the listen lines the listener files would gain and lose, whether Kamailio would "
                    + "restart, the addresses left out as unbindable, and each htable key that would change (from/to, null "
                    + "when absent); 400 naming the field at fault (events, events[i].type, events[i].payload); 503 (once "
                    + "the request is valid) while the desired state is still catching up with the events")
    PreviewEffect preview(@RequestBody(required = false) PreviewRequest body) {
        List<Object> previewed = events.read(body);
        if (!feed.caughtUp()) {
            ErrorResponseException catchingUp = new ErrorResponseException(HttpStatus.SERVICE_UNAVAILABLE,
                    Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "catching-up", "Catching up", "The desired state is still "
                            + "catching up with the events, so a preview would start from too little; try again in a few seconds."),
                    null);
            catchingUp.getHeaders().set(HttpHeaders.RETRY_AFTER, "5");
            throw catchingUp;
        }
        return preview.of(previewed);
    }
}
