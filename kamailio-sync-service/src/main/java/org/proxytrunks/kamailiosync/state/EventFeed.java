package org.proxytrunks.kamailiosync.state;

import org.proxytrunks.support.kafka.EventFollower;

import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Folds both topics into the {@link DesiredState}. At every start it reads the whole history
 * again (a new consumer group; the topics keep the history forever), so the state it rebuilds is
 * complete and the applier re-applies whatever Kamailio may have missed; then it follows new
 * events. After each batch it tells the applier.
 */
public final class EventFeed implements AutoCloseable {

    private final EventFollower follower;

    public EventFeed(DesiredState state, String bootstrap, Runnable changed) {
        this.follower = new EventFollower(bootstrap, "kamailio-sync-" + UUID.randomUUID(), "kamailio-sync-feed", false,
                event -> state.apply(event.payload()), changed);
    }

    public void start() {
        follower.start();
    }

    /** The next offset to read of each partition: how far the desired state has got. */
    public Map<String, Long> positions() {
        Map<String, Long> named = new TreeMap<>();
        follower.positions().forEach((p, offset) -> named.put(p.topic() + "-" + p.partition(), offset));
        return named;
    }

    @Override
    public void close() {
        follower.close();
    }
}
