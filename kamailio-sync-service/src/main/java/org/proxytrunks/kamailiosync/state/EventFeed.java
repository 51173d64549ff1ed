package org.proxytrunks.kamailiosync.state;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.proxytrunks.events.Topics;
import org.proxytrunks.kamailiosync.apply.SyncStatus;
import org.proxytrunks.kamailiosync.state.StateSnapshots.Snapshot;
import org.proxytrunks.support.kafka.EventConsumers;
import org.proxytrunks.support.kafka.EventFollower;
import org.proxytrunks.support.kafka.KafkaConnection;
import org.proxytrunks.support.kafka.ParkedRecords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Folds both topics into the {@link DesiredState} that the applier applies, and hands it over
 * only once it has caught up: a state is built beside the applied one (from the stored snapshot
 * and the events after it, or from the whole history), until it reaches the end of the topics
 * as they were when it began; then it replaces the applied state in one step, and its follower
 * goes on feeding the applied state. So Kamailio never sees a state that is still being folded
 * (no blank tables, no restart onto too few listeners), and a start costs the events since the
 * last snapshot, not the whole history.
 *
 * <p>The applied state is saved as it advances ({@link StateSnapshots}, at most once per
 * {@link #SAVE_EVERY}). A rebuild from the beginning ({@link #rebuild()}: asked by an operator,
 * or because the snapshot is missing or unusable) runs beside the applied state, which keeps
 * following the events meanwhile, and replaces it when caught up.
 */
public final class EventFeed implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventFeed.class);
    private static final Duration SAVE_EVERY = Duration.ofSeconds(1);
    private static final Duration CATCH_UP_CHECK = Duration.ofMillis(25);
    private static final Duration RETRY = Duration.ofSeconds(2);

    private final DesiredState applied;
    private final KafkaConnection kafka;
    private final StateSnapshots snapshots;
    private final ParkedRecords parked;
    private volatile Runnable changed = () -> { };
    private final Object applying = new Object();
    private final Thread keeper;
    private volatile boolean running = true;
    private volatile boolean rebuildAsked;
    private volatile Generation live;
    private volatile Generation building;
    private volatile Long catchUpMillis;
    private volatile Map<TopicPartition, Long> saved = Map.of();
    private long lastSave;

    /**
     * @param applied   the state the applier applies
     * @param snapshots where the applied state is saved and resumed from
     * @param parked    where records that cannot be decoded or applied go
     */
    public EventFeed(DesiredState applied, KafkaConnection kafka, StateSnapshots snapshots, ParkedRecords parked) {
        this.applied = applied;
        this.kafka = kafka;
        this.snapshots = snapshots;
        this.parked = parked;
        this.keeper = new Thread(this::keep, "kamailio-sync-feed-keeper");
        this.keeper.setDaemon(true);
    }

    /** A feed from a PLAINTEXT broker (see {@link #EventFeed(DesiredState, KafkaConnection, StateSnapshots, ParkedRecords)}). */
    public EventFeed(DesiredState applied, String bootstrap, StateSnapshots snapshots, ParkedRecords parked) {
        this(applied, KafkaConnection.plaintext(bootstrap), snapshots, parked);
    }

    /** {@code changed} is told whenever the applied state changed (set before {@link #start()}). */
    public void onChange(Runnable changed) {
        this.changed = changed;
    }

    public void start() {
        keeper.start();
    }

    /** Whether the applied state has caught up with the events once (nothing is applied before). */
    public boolean caughtUp() {
        return live != null;
    }

    /** Rebuilds the state from the beginning of the topics beside the applied one; false when a rebuild already runs. */
    public synchronized boolean rebuild() {
        if (rebuildAsked || building != null) {
            return false;
        }
        rebuildAsked = true;
        return true;
    }

    /** The followers that should be running now, for health. */
    public Collection<EventFollower> followers() {
        List<EventFollower> followers = new ArrayList<>();
        Optional.ofNullable(live).ifPresent(g -> followers.add(g.follower));
        Optional.ofNullable(building).ifPresent(g -> followers.add(g.follower));
        return followers;
    }

    /** How far the applied state has got. */
    public SyncStatus.Feed status() {
        Generation current = live;
        Generation next = building;
        Generation shown = current != null ? current : next;
        return new SyncStatus.Feed(shown == null ? Map.of() : named(shown.positions()), current != null,
                shown == null ? null : shown.from, catchUpMillis, current != null && next != null, named(saved), parked.count());
    }

    private void keep() {
        while (running) {
            try {
                if (building == null && (live == null || rebuildAsked)) {
                    building = begin(live == null);
                    rebuildAsked = false;
                }
                Generation next = building;
                if (next != null && next.caughtUp()) {
                    handOver(next);
                }
                saveIfDue();
                Thread.sleep(building != null ? CATCH_UP_CHECK.toMillis() : SAVE_EVERY.toMillis() / 4);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                LOG.warn("The desired state's feed could not go on ({}); retrying in {} s", e.getMessage(), RETRY.toSeconds());
                pause();
            }
        }
    }

    /** Starts a state beside the applied one: from the snapshot when {@code resume} and there is a usable one, else from the beginning. */
    private Generation begin(boolean resume) {
        long began = System.nanoTime();
        Map<TopicPartition, long[]> bounds = bounds();
        Optional<Snapshot> snapshot = resume ? usable(bounds) : Optional.empty();
        DesiredState state = new DesiredState();
        snapshot.ifPresent(s -> state.restore(s.content()));
        Map<TopicPartition, Long> startAt = snapshot.map(Snapshot::positions).orElse(Map.of());
        Map<TopicPartition, Long> ends = new HashMap<>();
        bounds.forEach((partition, range) -> ends.put(partition, range[1]));
        String from = snapshot.isPresent() ? "snapshot" : "history";
        LOG.info("Folding the desired state from the {} up to {}", from, named(ends));
        Generation generation = new Generation(state, startAt, ends, from, snapshot.isEmpty(), began);
        generation.follower.start();
        return generation;
    }

    /** The stored snapshot, when it can be read and its positions lie within the topics as they are now. */
    private Optional<Snapshot> usable(Map<TopicPartition, long[]> bounds) {
        Optional<Snapshot> snapshot;
        try {
            snapshot = snapshots.load();
        } catch (RuntimeException e) {
            LOG.warn("The stored desired state cannot be read ({}); rebuilding it from the history", e.getMessage());
            return Optional.empty();
        }
        if (snapshot.isEmpty()) {
            LOG.info("No stored desired state; building it from the history");
            return snapshot;
        }
        for (Map.Entry<TopicPartition, Long> position : snapshot.get().positions().entrySet()) {
            long[] range = bounds.get(position.getKey());
            if (range == null || position.getValue() < range[0] || position.getValue() > range[1]) {
                LOG.warn("The stored desired state is at {} {}, outside the topics as they are now; rebuilding it from the history",
                        position.getKey(), position.getValue());
                return Optional.empty();
            }
        }
        saved = snapshot.get().positions();
        return snapshot;
    }

    /** The first and the end offset of every partition of both topics (read-committed: the end is the last stable offset). */
    private Map<TopicPartition, long[]> bounds() {
        try (KafkaConsumer<String, byte[]> probe = EventConsumers.create(kafka, "kamailio-sync-probe-" + UUID.randomUUID())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(Topics.ADDRESSES, Topics.ASSIGNMENTS)) {
                List<PartitionInfo> infos = probe.partitionsFor(topic, Duration.ofSeconds(10));
                infos.forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
            }
            Map<TopicPartition, Long> first = probe.beginningOffsets(partitions, Duration.ofSeconds(10));
            Map<TopicPartition, Long> end = probe.endOffsets(partitions, Duration.ofSeconds(10));
            Map<TopicPartition, long[]> bounds = new HashMap<>();
            partitions.forEach(partition -> bounds.put(partition, new long[]{first.get(partition), end.get(partition)}));
            return bounds;
        }
    }

    /** The caught-up state becomes the applied one, in one step between two events; its follower feeds the applied state from now on. */
    private void handOver(Generation next) {
        synchronized (applying) {
            applied.replaceWith(next.state);
            next.target = applied;
        }
        Generation previous = live;
        live = next;
        building = null;
        catchUpMillis = Duration.ofNanos(System.nanoTime() - next.startedNanos).toMillis();
        LOG.info("The desired state caught up with the events from the {} in {} ms", next.from, catchUpMillis);
        changed.run();
        if (previous != null) {
            previous.follower.close();
        }
        lastSave = 0;
        if (next.fromHistory) {
            // what is stored is replaced by the rebuilt state, saved whole (its unsaved changes name
            // every listener and provider the history ever had, so even without this clear nothing
            // stale would stay)
            saved = Map.of();
            snapshots.clear();
        }
    }

    /** Saves what changed in the applied state, with the positions it was folded up to, at most once per {@link #SAVE_EVERY}. */
    private void saveIfDue() {
        Generation current = live;
        if (current == null || System.nanoTime() - lastSave < SAVE_EVERY.toNanos()) {
            return;
        }
        // the positions first: the state saved with them then holds at least what they say
        Map<TopicPartition, Long> positions = current.positions();
        DesiredState.Unsaved unsaved = applied.takeUnsaved();
        if (unsaved.isEmpty() && positions.equals(saved)) {
            return;
        }
        try {
            snapshots.save(unsaved, positions);
            saved = positions;
            lastSave = System.nanoTime();
        } catch (RuntimeException e) {
            applied.unsaved(unsaved);
            lastSave = System.nanoTime();
            LOG.warn("The desired state could not be saved ({}); trying again", e.getMessage());
        }
    }

    private static Map<String, Long> named(Map<TopicPartition, Long> positions) {
        Map<String, Long> named = new TreeMap<>();
        positions.forEach((p, offset) -> named.put(p.topic() + "-" + p.partition(), offset));
        return named;
    }

    private void pause() {
        try {
            Thread.sleep(RETRY.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** One fold of the events into a state: first beside the applied state, then (handed over) into it. */
    private final class Generation {

        private final DesiredState state;
        private final Map<TopicPartition, Long> startAt;
        private final Map<TopicPartition, Long> ends;
        private final String from;
        private final boolean fromHistory;
        /** When this fold began: before the topics' bounds were read and the snapshot loaded. */
        private final long startedNanos;
        private final EventFollower follower;
        private volatile DesiredState target;

        Generation(DesiredState state, Map<TopicPartition, Long> startAt, Map<TopicPartition, Long> ends, String from, boolean fromHistory,
                   long startedNanos) {
            this.state = state;
            this.startedNanos = startedNanos;
            this.target = state;
            this.startAt = startAt;
            this.ends = ends;
            this.from = from;
            this.fromHistory = fromHistory;
            this.follower = EventFollower.builder(kafka, "kamailio-sync-" + UUID.randomUUID(), "kamailio-sync-feed", this::apply)
                    // where this fold stands, not merely where it began: a rebalance must not apply events again
                    .startAt(this::position)
                    .parkedRecords(parked)
                    .afterBatch(this::batchApplied)
                    .build();
        }

        private void apply(org.proxytrunks.support.kafka.EventEnvelope event) {
            synchronized (applying) {
                target.apply(event.payload());
            }
        }

        private void batchApplied() {
            if (target == applied) {
                changed.run();
            }
        }

        /** The next offset to read of each partition: where the follower stands, or where it was told to start. */
        Map<TopicPartition, Long> positions() {
            Map<TopicPartition, Long> positions = new HashMap<>(startAt);
            positions.putAll(follower.positions());
            return positions;
        }

        private OptionalLong position(TopicPartition partition) {
            Long position = positions().get(partition);
            return position == null ? OptionalLong.empty() : OptionalLong.of(position);
        }

        boolean caughtUp() {
            Map<TopicPartition, Long> positions = positions();
            return ends.entrySet().stream().allMatch(end -> positions.getOrDefault(end.getKey(), 0L) >= end.getValue());
        }
    }

    @Override
    public void close() {
        running = false;
        keeper.interrupt();
        try {
            keeper.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Optional.ofNullable(building).ifPresent(g -> g.follower.close());
        Optional.ofNullable(live).ifPresent(g -> g.follower.close());
    }
}
