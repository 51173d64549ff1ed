package org.proxytrunks.projector.view;

import org.bson.Document;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The latest version of the entities a projection changed recently, so that the next change of
 * an entity finds its previous version here instead of asking MongoDB: a round trip per changed
 * entity per batch, which made the read models fall seconds behind at 200 changes a second.
 *
 * <p>A remembered version is the entity's latest only as long as nobody else wrote a version of
 * it since. Every entity's versions come from one aggregate, so that holds while this projection
 * has seen every event of that aggregate since the version was remembered: each batch's events
 * of an aggregate must follow on from the last one seen here, without a gap. Anything else (the
 * first batch of an aggregate after a start, a partition that another instance of the projector
 * read meanwhile, an event that was parked, events applied again after a restart) drops what is
 * remembered of the aggregate and the batch's entities are looked up in MongoDB. A lookup that
 * finds a version at or after the change (the change is being applied again) keeps the aggregate
 * out of this memory for the batch. A batch that fails to be written drops everything.
 *
 * <p>Bounded: the entities changed least recently are forgotten first, and looked up again when
 * they change next. Used by one projection thread at a time.
 */
final class LatestVersions {

    /** How many entities, and how many aggregates, are remembered. */
    static final int CAPACITY = 20_000;

    private final Map<String, Remembered> entities = leastRecentlyUsed();
    private final Map<String, Aggregate> aggregates = leastRecentlyUsed();
    private final Map<String, Run> batch = new LinkedHashMap<>();
    private final Set<String> usable = new HashSet<>();
    private final Set<String> appliedAgain = new HashSet<>();
    private final List<Written> written = new ArrayList<>();
    private long epochs;

    /** An entity's latest version, valid while its aggregate's epoch is the one it was remembered in. */
    private record Remembered(String aggregate, long epoch, Document version) {
    }

    private record Written(String entity, String aggregate, Document version) {
    }

    /** What is known of an aggregate: the last of its events seen here (-1: none yet) since {@code epoch} began. */
    private static final class Aggregate {

        private final long epoch;
        private long last = -1;

        Aggregate(long epoch) {
            this.epoch = epoch;
        }
    }

    /** The sequences of one aggregate's events in the batch: from {@code first} to {@code last}, without a gap or not. */
    private static final class Run {

        private final long first;
        private long last;
        private boolean gapless = true;

        Run(long first) {
            this.first = first;
            this.last = first;
        }
    }

    /** An event of the batch being gathered, in the order of the batch. */
    void event(String aggregate, long sequence) {
        Run run = batch.get(aggregate);
        if (run == null) {
            batch.put(aggregate, new Run(sequence));
        } else {
            run.gapless &= sequence == run.last + 1;
            run.last = sequence;
        }
    }

    /** The batch is about to be written: decides, for each of its aggregates, whether what is remembered holds. */
    void begin() {
        usable.clear();
        appliedAgain.clear();
        written.clear();
        batch.forEach((aggregate, run) -> {
            Aggregate known = aggregates.get(aggregate);
            if (known != null && known.last >= 0 && run.gapless && run.first == known.last + 1) {
                usable.add(aggregate);
            } else {
                aggregates.put(aggregate, new Aggregate(++epochs));
            }
        });
    }

    /** The latest version of {@code entity} (of {@code aggregate}) before {@code sequence}, if it is remembered and holds. */
    Document before(String entity, String aggregate, long sequence) {
        if (!usable.contains(aggregate)) {
            return null;
        }
        Remembered remembered = entities.get(entity);
        Aggregate known = aggregates.get(aggregate);
        if (remembered == null || known == null || remembered.epoch() != known.epoch
                || !remembered.aggregate().equals(aggregate) || Versions.sequenceOf(remembered.version()) >= sequence) {
            return null;
        }
        return remembered.version();
    }

    /** A lookup found a version of the aggregate's entity at or after the change: the batch applies events again. */
    void appliedAgain(String aggregate) {
        appliedAgain.add(aggregate);
    }

    /** A version of the batch, the latest of {@code entity} so far, to remember once the batch is written. */
    void wrote(String entity, String aggregate, Document version) {
        written.add(new Written(entity, aggregate, version));
    }

    /** The batch was written: remembers its versions and where each aggregate's events now stand. */
    void end() {
        Map<String, Long> epochOf = new HashMap<>();
        batch.forEach((aggregate, run) -> {
            Aggregate known = aggregates.get(aggregate);
            if (appliedAgain.contains(aggregate) || known == null) {
                aggregates.remove(aggregate);
            } else {
                known.last = run.last;
                epochOf.put(aggregate, known.epoch);
            }
        });
        for (Written version : written) {
            Long epoch = epochOf.get(version.aggregate());
            if (epoch != null) {
                entities.put(version.entity(), new Remembered(version.aggregate(), epoch, version.version()));
            }
        }
        clearBatch();
    }

    /** The batch could not be written (it may be in part): nothing remembered holds any longer. */
    void forget() {
        entities.clear();
        aggregates.clear();
        usable.clear();
        appliedAgain.clear();
        written.clear();
    }

    /** How many entities are remembered. */
    int size() {
        return entities.size();
    }

    private void clearBatch() {
        batch.clear();
        usable.clear();
        appliedAgain.clear();
        written.clear();
    }

    private static <V> Map<String, V> leastRecentlyUsed() {
        return new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > CAPACITY;
            }
        };
    }
}
