package org.proxytrunks.gateway.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.client.RestClientException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import java.util.UUID;

/**
 * The gateway's own refusals as problem details: a service that does not answer is a 502
 * naming no address; anything unexpected a 500 with a reference to the log line, never a stack
 * trace. What Spring MVC refuses (no such path, method not allowed) goes through
 * {@link ResponseEntityExceptionHandler}, also as problem details.
 */
@RestControllerAdvice
class GatewayProblems extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(GatewayProblems.class);

    @ExceptionHandler(RestClientException.class)
    ResponseEntity<ProblemDetail> serviceUnreachable(RestClientException e) {
        String reference = UUID.randomUUID().toString();
        log.warn("A service did not answer (reference {}): {}", reference, e.toString());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_GATEWAY,
                "The service behind this path did not answer; try again shortly (reference " + reference + ").");
        problem.setTitle("Service unavailable");
        return ResponseEntity.status(HttpStatus.BAD_GATEWAY).body(problem);
    }

    @ExceptionHandler(RuntimeException.class)
    ResponseEntity<ProblemDetail> unexpected(RuntimeException e) {
        String reference = UUID.randomUUID().toString();
        log.error("Unexpected error, reference {}", reference, e);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "The request could not be completed (reference " + reference + ").");
        return ResponseEntity.internalServerError().body(problem);
    }
}
