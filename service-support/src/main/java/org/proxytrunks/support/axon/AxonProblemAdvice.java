package org.proxytrunks.support.axon;

import org.axonframework.common.lock.DeadlockException;
import org.proxytrunks.support.web.Problems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The answers to what Axon itself throws at a command, in the services that handle commands (the
 * others have no Axon on their class path, so this advice is theirs only through
 * {@link AxonWiringAutoConfiguration}). Ahead of the catch-all 500 of the shared problem advice.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE - 1)
public class AxonProblemAdvice {

    private static final Logger LOG = LoggerFactory.getLogger(AxonProblemAdvice.class);

    /**
     * Two commands waited for each other's aggregates (a preview holds every aggregate it loads
     * until it is rolled back, and a removal round takes an address's usage before its brands) and
     * Axon broke the wait by failing this one: nothing was stored, and trying again succeeds.
     */
    @ExceptionHandler(DeadlockException.class)
    ResponseEntity<ProblemDetail> deadlock(DeadlockException e) {
        LOG.info("A command gave way to another that held what it needed: {}", e.getMessage());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "1")
                .body(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "contended", "Try again",
                        "Another change to the same addresses or brands was under way at the same moment; nothing was changed. "
                                + "Send the request again."));
    }
}
