package org.proxytrunks.projector.consumer;

import org.apache.kafka.common.TopicPartition;
import org.proxytrunks.projector.view.Projections;
import org.proxytrunks.projector.view.ReadModel;
import org.proxytrunks.support.kafka.EventFollower;

import java.util.Map;

/**
 * Feeds one generation of the read models from both topics. Its position is the consumer
 * group's committed offsets, committed after the events are applied: after a restart it resumes
 * there, and the few events applied again change nothing ({@link Projections} is idempotent).
 * A failing event is retried, never skipped.
 */
public final class ProjectionRunner implements AutoCloseable {

    private final ReadModel model;
    private final String group;
    private final EventFollower follower;

    public ProjectionRunner(ReadModel model, String bootstrap, String group) {
        this.model = model;
        this.group = group;
        this.follower = new EventFollower(bootstrap, group, "projection-g" + model.generation(), true,
                event -> Projections.apply(model, event), () -> { });
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

    @Override
    public void close() {
        follower.close();
    }
}
