package org.proxytrunks.support.axon.deadletter;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventMessageHandler;
import org.axonframework.eventhandling.ListenerInvocationErrorHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * Hands a failed event to its handler a few more times, with a doubling pause, before the
 * failure reaches the dead-letter queue. A dead letter waits for an operator, so a failure that
 * passes by itself (a write that lost a race, a dropped connection) must not become one; an
 * event that still fails after the last attempt is rethrown and parked.
 *
 * <p>The handlers that get a dead-letter queue are idempotent (the suite's rule for every
 * consumer), so handing them the same event again is safe.
 */
public final class RetryBeforeParking implements ListenerInvocationErrorHandler {

    private static final Logger LOG = LoggerFactory.getLogger(RetryBeforeParking.class);

    private final int attempts;
    private final Duration firstPause;
    private final Sleeper sleeper;

    /**
     * @param attempts   how many times an event is handled in all, the failed first time included (at least 1)
     * @param firstPause the pause before the second attempt; each further pause is twice the one before
     */
    public RetryBeforeParking(int attempts, Duration firstPause) {
        this(attempts, firstPause, pause -> Thread.sleep(pause.toMillis()));
    }

    RetryBeforeParking(int attempts, Duration firstPause, Sleeper sleeper) {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1, not " + attempts);
        }
        this.attempts = attempts;
        this.firstPause = firstPause;
        this.sleeper = sleeper;
    }

    @Override
    public void onError(Exception failure, EventMessage<?> event, EventMessageHandler handler) throws Exception {
        Exception last = failure;
        Duration pause = firstPause;
        for (int attempt = 2; attempt <= attempts; attempt++) {
            LOG.debug("Handling event {} ({}) failed ({}); attempt {} of {} in {}", event.getIdentifier(),
                    event.getPayloadType().getSimpleName(), last.getMessage(), attempt, attempts, pause);
            if (!pausedFor(pause)) {
                break;
            }
            try {
                handler.handle(event);
                return;
            } catch (Exception again) {
                last = again;
            }
            pause = pause.multipliedBy(2);
        }
        throw last;
    }

    /** Pauses; false when interrupted (the processor is stopping), which ends the attempts with the failure so far. */
    private boolean pausedFor(Duration pause) {
        try {
            sleeper.sleep(pause);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Waits; a seam so that the unit test does not sleep. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration pause) throws InterruptedException;
    }
}
