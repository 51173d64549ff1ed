package org.proxytrunks.support.axon.deadletter;

import java.util.List;

/**
 * What a retry of the parked events did.
 *
 * @param handled     events that went through and left the queue, in all groups (each group's queue size
 *                    before the retry less its size after, so an event parked meanwhile counts against it)
 * @param stillParked events still parked after the retry (they failed again, or were parked meanwhile)
 * @param groups      the same, per processing group
 */
public record RetryOutcome(long handled, long stillParked, List<Group> groups) {

    static RetryOutcome of(List<Group> groups) {
        return new RetryOutcome(groups.stream().mapToLong(Group::handled).sum(),
                groups.stream().mapToLong(Group::stillParked).sum(), List.copyOf(groups));
    }

    /** What a retry did in one processing group. */
    public record Group(String processingGroup, long handled, long stillParked) {
    }
}
