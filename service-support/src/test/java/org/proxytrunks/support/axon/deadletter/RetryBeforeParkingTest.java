package org.proxytrunks.support.axon.deadletter;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventMessageHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetryBeforeParkingTest {

    private final EventMessage<String> event = GenericEventMessage.asEventMessage("payload");
    private final List<Duration> pauses = new ArrayList<>();

    /** A handler that fails its first {@code failures} calls (the retries; the first failure is the one handed in). */
    private static final class FailingHandler implements EventMessageHandler {
        private final int failures;
        private int calls;

        FailingHandler(int failures) {
            this.failures = failures;
        }

        @Override
        public Object handle(EventMessage<?> event) {
            calls++;
            if (calls <= failures) {
                throw new IllegalStateException("failure " + calls);
            }
            return null;
        }
    }

    private RetryBeforeParking retry(int attempts) {
        return new RetryBeforeParking(attempts, Duration.ofMillis(100), pauses::add);
    }

    @Test
    void aFailureThatPassesIsNotParked() throws Exception {
        FailingHandler handler = new FailingHandler(1);
        retry(3).onError(new IllegalStateException("failure 0"), event, handler);
        assertThat(handler.calls).isEqualTo(2);
        assertThat(pauses).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
    }

    @Test
    void aFailureThatPersistsIsRethrownWithTheLastCauseAfterTheLastAttempt() {
        FailingHandler handler = new FailingHandler(Integer.MAX_VALUE);
        assertThatThrownBy(() -> retry(3).onError(new IllegalStateException("failure 0"), event, handler))
                .isInstanceOf(IllegalStateException.class).hasMessage("failure 2");
        assertThat(handler.calls).isEqualTo(2);
    }

    @Test
    void oneAttemptParksAtOnce() {
        FailingHandler handler = new FailingHandler(0);
        IllegalStateException first = new IllegalStateException("failure 0");
        assertThatThrownBy(() -> retry(1).onError(first, event, handler)).isSameAs(first);
        assertThat(handler.calls).isZero();
        assertThat(pauses).isEmpty();
    }

    @Test
    void anInterruptedPauseEndsTheAttemptsKeepingTheInterrupt() {
        FailingHandler handler = new FailingHandler(0);
        IllegalStateException first = new IllegalStateException("failure 0");
        RetryBeforeParking interrupted = new RetryBeforeParking(3, Duration.ofMillis(100), pause -> {
            throw new InterruptedException();
        });
        try {
            assertThatThrownBy(() -> interrupted.onError(first, event, handler)).isSameAs(first);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
            assertThat(handler.calls).isZero();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void fewerThanOneAttemptIsRefused() {
        assertThatThrownBy(() -> new RetryBeforeParking(0, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
