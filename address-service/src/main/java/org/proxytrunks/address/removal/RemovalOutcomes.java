package org.proxytrunks.address.removal;

import org.proxytrunks.address.command.AddressHistory;
import org.proxytrunks.address.command.AddressHistory.Standing;
import org.proxytrunks.events.AddressId;
import org.proxytrunks.support.Deadline;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Waits, a bounded time, for a removal round to end: the assignment side answers over Kafka.
 * It watches the address's own events, so it works whichever instance of the service handles
 * the answer.
 */
@Component
public class RemovalOutcomes {

    private static final Duration POLL = Duration.ofMillis(50);

    private final AddressHistory history;
    private final Duration wait;

    RemovalOutcomes(AddressHistory history, @Value("${proxytrunks.address.removal-wait:5s}") Duration wait) {
        this.history = history;
        this.wait = wait;
    }

    /** How a removal stands. */
    public enum Status { REMOVED, REFUSED, PENDING, NOT_REQUESTED }

    /**
     * A removal's outcome.
     *
     * @param status   where it stands
     * @param reasons  why it was refused
     * @param sequence the sequence number of the address's last event (when removed, its removal); -1 when it has none
     */
    public record Outcome(Status status, List<String> reasons, long sequence) {
    }

    /** Waits for the round under way to end, up to the configured time. */
    public Outcome await(AddressId address) {
        Deadline deadline = Deadline.in(wait);
        Outcome outcome = current(address);
        while (outcome.status() == Status.PENDING && !deadline.passed() && Deadline.pause(POLL)) {
            outcome = current(address);
        }
        return outcome;
    }

    /** How the last removal round of {@code address} stands now. */
    public Outcome current(AddressId address) {
        Optional<Standing> standing = history.of(address);
        if (standing.isEmpty()) {
            return new Outcome(Status.NOT_REQUESTED, List.of(), -1);
        }
        Standing s = standing.get();
        return switch (s.state()) {
            case REMOVED -> new Outcome(Status.REMOVED, List.of(), s.sequence());
            case RETIRING -> new Outcome(Status.PENDING, List.of(), s.sequence());
            case ACTIVE -> s.round() >= 0 && s.cancelledRound() == s.round()
                    ? new Outcome(Status.REFUSED, s.cancelReasons(), s.sequence())
                    : new Outcome(Status.NOT_REQUESTED, List.of(), s.sequence());
        };
    }
}
