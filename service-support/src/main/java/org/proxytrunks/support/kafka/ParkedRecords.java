package org.proxytrunks.support.kafka;

import java.util.List;

/**
 * Where an {@link EventFollower} puts the records it cannot decode or apply, so that the records
 * after them still apply and an operator sees what was left out.
 */
public interface ParkedRecords {

    /**
     * Keeps {@code record}. Parking a record already parked (same topic, partition and offset, as
     * when the history is read again) changes nothing. Throws when the record cannot be kept
     * (the follower then tries again until it can: a parked record is never lost).
     */
    void park(ParkedRecord record);

    /** The first {@code limit} parked records, by topic, partition and offset. */
    List<ParkedRecord> list(int limit);

    /** How many records are parked; answered without waiting on a server. */
    long count();
}
