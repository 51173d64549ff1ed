package org.proxytrunks.projector.consumer;

import org.apache.kafka.common.TopicPartition;
import org.proxytrunks.projector.view.ProjectionBatch;
import org.proxytrunks.projector.view.Projections;
import org.proxytrunks.projector.view.ReadModel;
import org.proxytrunks.support.kafka.EventFollower;
import org.proxytrunks.support.kafka.KafkaConnection;
import org.proxytrunks.support.kafka.ParkedRecords;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Feeds one generation of the read models from both topics, a batch of events at a time: the
 * writes of a batch go to MongoDB together ({@link ProjectionBatch}). Its position is the
 * consumer group's committed offsets, committed after a batch is written: after a restart it
 * resumes there, and the few events applied again change nothing ({@link Projections} is
 * idempotent). A failing write is retried, never skipped; an event that cannot be read or
 * projected is parked ({@link ParkedRecords}) and the events after it are applied.
 */
public final class ProjectionRunner implements AutoCloseable {

    private final ReadModel model;
    private final String group;
    private final EventFollower follower;
    private final Map<String, Long> appliedSequences = new ConcurrentHashMap<>();
    private final Map<String, Long> batchSequences = new HashMap<>();
    private final List<AppliedEvent> batchEvents = new ArrayList<>();
    private final ProjectionBatch batch;
    private final Object batchApplied = new Object();
    private volatile boolean closed;
    private volatile ProjectionListener listener;

    /**
     * @param parked          where the events that cannot be projected go
     * @param maxPollInterval the consumer's {@code max.poll.interval.ms}
     */
    public ProjectionRunner(ReadModel model, KafkaConnection kafka, String group, ParkedRecords parked, Duration maxPollInterval) {
        this.model = model;
        this.group = group;
        this.batch = new ProjectionBatch(model);
        this.follower = EventFollower.builder(kafka, group, "projection-g" + model.generation(), event -> {
                    Projections.apply(batch, event);
                    batchSequences.merge(event.key(), event.sequence(), Math::max);
                    batchEvents.add(AppliedEvent.of(event));
                })
                .commit(true).afterBatch(this::endBatch).parkedRecords(parked).maxPollInterval(maxPollInterval)
                .build();
    }

    /**
     * Writes the batch's changes, then lets the clients waiting for its events go and tells the
     * listener, if any. A write that fails keeps the batch's events for the retry, so nobody
     * hears of an event before its effect can be read.
     */
    private void endBatch() {
        batch.flush();
        batchSequences.forEach((aggregate, sequence) -> appliedSequences.merge(aggregate, sequence, Math::max));
        batchSequences.clear();
        List<AppliedEvent> applied = List.copyOf(batchEvents);
        batchEvents.clear();
        synchronized (batchApplied) {
            batchApplied.notifyAll();
        }
        ProjectionListener told = listener;
        if (told != null) {
            told.applied(applied);
        }
    }

    /**
     * From now on, tells {@code listener} of every batch written: the live projection's
     * listener; a replay's runner has none until it becomes live, or the history it reads again
     * would be told as new.
     */
    void tell(ProjectionListener listener) {
        this.listener = listener;
    }

    /**
     * Whether this runner has applied event {@code sequence} of {@code aggregate} since it
     * started (an event applied before a restart of the service is not known here; the audit
     * log knows it).
     */
    public boolean hasApplied(String aggregate, long sequence) {
        Long applied = appliedSequences.get(aggregate);
        return applied != null && applied >= sequence;
    }

    /**
     * Waits until this runner has applied event {@code sequence} of {@code aggregate}, woken
     * after each batch it applies and when it is closed (a replay made another generation live:
     * the caller asks that one); false when {@code maxWait} passes first or this runner is closed.
     */
    public boolean awaitApplied(String aggregate, long sequence, Duration maxWait) throws InterruptedException {
        long deadline = System.nanoTime() + maxWait.toNanos();
        synchronized (batchApplied) {
            while (!hasApplied(aggregate, sequence)) {
                if (closed) {
                    return false;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                batchApplied.wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }
    }


    public void start() {
        follower.start();
    }

    public ReadModel model() {
        return model;
    }

    public String group() {
        return group;
    }

    /** The next offset to read of each partition seen so far. */
    public Map<TopicPartition, Long> positions() {
        return follower.positions();
    }

    /** How many records this runner has gone through. */
    public long applied() {
        return follower.applied();
    }

    public String lastError() {
        return follower.lastError();
    }

    /** The follower feeding this runner, for its health. */
    public EventFollower follower() {
        return follower;
    }

    @Override
    public void close() {
        closed = true;
        follower.close();
        synchronized (batchApplied) {
            batchApplied.notifyAll();
        }
    }
}
