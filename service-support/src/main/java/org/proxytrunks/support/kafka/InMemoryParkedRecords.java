package org.proxytrunks.support.kafka;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Parked records kept in memory only: enough for a follower that reads the whole history again at
 * every start (it parks the same records again), and the default of a follower given no store.
 */
public final class InMemoryParkedRecords implements ParkedRecords {

    private static final Comparator<ParkedRecord> BY_POSITION = Comparator.comparing(ParkedRecord::topic)
            .thenComparingInt(ParkedRecord::partition).thenComparingLong(ParkedRecord::offset);

    private final Map<String, ParkedRecord> records = new ConcurrentHashMap<>();

    @Override
    public void park(ParkedRecord record) {
        records.putIfAbsent(record.id(), record);
    }

    @Override
    public List<ParkedRecord> list(int limit) {
        return records.values().stream().sorted(BY_POSITION).limit(limit).toList();
    }

    @Override
    public long count() {
        return records.size();
    }
}
