package org.proxytrunks.projector.web;

import org.proxytrunks.support.web.Problems;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Maps the query API's refusals to problem details. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class ProjectorProblemAdvice {

    @ExceptionHandler(WaitForPosition.NotCaughtUpException.class)
    ResponseEntity<ProblemDetail> notCaughtUp(WaitForPosition.NotCaughtUpException e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "1")
                .body(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "not-caught-up", "Not caught up yet", e.getMessage()));
    }

    @ExceptionHandler(WaitForPosition.TooManyWaitersException.class)
    ResponseEntity<ProblemDetail> tooManyWaiters(WaitForPosition.TooManyWaitersException e) {
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS).header("Retry-After", "1")
                .body(Problems.of(HttpStatus.TOO_MANY_REQUESTS, "too-many-waiters", "Too many waiting requests", e.getMessage()));
    }

    @ExceptionHandler(ChangeStreams.TooManyChangeStreamsException.class)
    ResponseEntity<ProblemDetail> tooManyChangeStreams(ChangeStreams.TooManyChangeStreamsException e) {
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS).header("Retry-After", "5")
                .body(Problems.of(HttpStatus.TOO_MANY_REQUESTS, "too-many-change-streams", "Too many change streams", e.getMessage()));
    }

    @ExceptionHandler(ChangeStreams.NotRunningException.class)
    ResponseEntity<ProblemDetail> changeStreamsNotRunning(ChangeStreams.NotRunningException e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "5")
                .body(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "not-running", "Not running", e.getMessage()));
    }

    @ExceptionHandler(QueryController.NotFoundException.class)
    ResponseEntity<ProblemDetail> notFound(QueryController.NotFoundException e) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Problems.of(HttpStatus.NOT_FOUND, "not-found", "Not found", e.getMessage()));
    }
}
