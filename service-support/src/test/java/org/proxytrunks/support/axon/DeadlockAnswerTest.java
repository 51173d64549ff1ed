package org.proxytrunks.support.axon;

import org.axonframework.common.lock.DeadlockException;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

/** A command Axon failed to break a deadlock changed nothing: the caller is told to try again, not of an internal error. */
class DeadlockAnswerTest {

    @Test
    void aDeadlockIsA503ToTryAgain() {
        ResponseEntity<ProblemDetail> answer = new AxonProblemAdvice().deadlock(new DeadlockException("lock of brand:b1"));
        assertThat(answer.getStatusCode().value()).isEqualTo(503);
        assertThat(answer.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
        assertThat(answer.getBody().getType().toString()).endsWith("/contended");
        assertThat(answer.getBody().getDetail()).contains("nothing was changed");
    }
}
