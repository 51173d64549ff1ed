package org.proxytrunks.projector.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.proxytrunks.support.security.Actor;
import org.proxytrunks.support.web.InvalidRequestException;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The read models' changes as Server-Sent Events, for a dashboard that shows them live: an
 * {@code event: change} per event once its effect can be read, so that a client told of it and
 * then asking the query API sees it.
 */
@RestController
@RequestMapping("/api")
@PreAuthorize("hasAnyRole('GOD', 'SERVICE', 'BRAND_ADMIN')")
@Tag(name = "changes", description = "The read models' changes as they are written (Server-Sent Events)")
@SecurityRequirement(name = "bearer")
class ChangeStreamController {

    private final ChangeStreams streams;

    ChangeStreamController(ChangeStreams streams) {
        this.streams = streams;
    }

    /**
     * HEAD answers the head alone and opens no stream: a HEAD answer has no body, so a client
     * gone away would never be noticed and would hold a place until the stream's time-out.
     * The stream is live only: {@code at=} is refused (400) rather than ignored, so that a client
     * showing the past is not fed the present; the past's changes are the audit log's.
     */
    @GetMapping(path = "/changes", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(summary = "Server-Sent Events: 'change' with data {position, aggregate, sequence, type, brand} and id = position, "
            + "sent once the read models hold the change; a brand admin gets its own brand's only; a heartbeat comment every 15 s; "
            + "429 with Retry-After when too many streams are open; live only: at= is refused (400)")
    ResponseEntity<SseEmitter> changes(HttpServletRequest request, @RequestParam(name = "at", required = false) String at) {
        if (at != null) {
            throw new InvalidRequestException("at", "the change stream is live only; read the past from the queries with at= "
                    + "and from /api/audit");
        }
        ResponseEntity.BodyBuilder answer = ResponseEntity.ok().contentType(MediaType.TEXT_EVENT_STREAM)
                // proxies that buffer answers (nginx and its kind) pass this one on as it is written
                .header("X-Accel-Buffering", "no");
        if (HttpMethod.HEAD.matches(request.getMethod())) {
            return answer.build();
        }
        Actor actor = Actor.current().orElseThrow(() -> new AccessDeniedException("no actor"));
        return answer.body(streams.open(actor));
    }
}
