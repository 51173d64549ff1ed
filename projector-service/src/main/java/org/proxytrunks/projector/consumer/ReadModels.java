package org.proxytrunks.projector.consumer;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.bson.Document;
import org.proxytrunks.events.Topics;
import org.proxytrunks.projector.view.ReadModel;
import org.proxytrunks.support.kafka.EventFollower;
import org.proxytrunks.support.kafka.KafkaConnection;
import org.proxytrunks.support.kafka.KafkaSecurity;
import org.proxytrunks.support.kafka.ParkedRecords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The generation of read models being served, and the replay that builds the next one. A replay
 * reads the whole history into fresh collections while queries keep being answered from the
 * current ones; when it has caught up with the live projection it becomes the live projection
 * and the old collections are dropped — no query ever sees a half-built model.
 */
@Component
public class ReadModels implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(ReadModels.class);
    private static final String META = "projector_meta";

    private final MongoDatabase database;
    private final MongoCollection<Document> meta;
    private final KafkaConnection kafka;
    private final ParkedRecords parked;
    private final Duration maxPollInterval;
    private final ProjectionListener listener;
    private volatile ProjectionRunner live;
    private volatile Replay replay;
    private volatile ReplayStatus lastReplay = ReplayStatus.never();

    ReadModels(MongoClient client, @Value("${spring.data.mongodb.database}") String database,
               @Value("${proxytrunks.projector.kafka-bootstrap}") String bootstrap, KafkaSecurity security, ParkedRecords parked,
               @Value("${proxytrunks.projector.max-poll-interval:5m}") Duration maxPollInterval, ProjectionListener listener) {
        this.database = client.getDatabase(database);
        this.meta = this.database.getCollection(META);
        this.kafka = security.connection(bootstrap);
        this.parked = parked;
        this.maxPollInterval = maxPollInterval;
        this.listener = listener;
    }

    /** The read models queries are answered from. */
    public ReadModel current() {
        return live.model();
    }

    /** The live projection, for its position. */
    public ProjectionRunner live() {
        return live;
    }

    /** The followers that should be running now: the live projection's and the replay's, if any. */
    public List<EventFollower> followers() {
        Replay running = replay;
        return Stream.of(live, running == null ? null : running.runner).filter(Objects::nonNull)
                .map(ProjectionRunner::follower).toList();
    }

    private ProjectionRunner runner(ReadModel model, String group) {
        return new ProjectionRunner(model, kafka, group, parked, maxPollInterval);
    }

    /** Starts a replay unless one is running; answers its status. */
    public synchronized ReplayStatus startReplay() {
        if (replay != null) {
            return replay.status();
        }
        int generation = live.model().generation() + 1;
        ReadModel model = ReadModel.of(database, generation);
        model.collections().forEach(MongoCollection::drop);
        model.withIndexes();
        ProjectionRunner runner = runner(model, groupName(generation));
        Replay started = new Replay(runner, endOffsets(), Instant.now());
        runner.start();
        replay = started;
        Thread watcher = new Thread(() -> watch(started), "replay-watcher");
        watcher.setDaemon(true);
        watcher.start();
        LOG.info("Replay into generation {} started", generation);
        return started.status();
    }

    /** The running replay's status, or the last one's. */
    public ReplayStatus replayStatus() {
        Replay running = replay;
        return running == null ? lastReplay : running.status();
    }

    private void watch(Replay running) {
        while (replay == running) {
            if (caughtUp(running.runner, live)) {
                switchTo(running);
                return;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static boolean caughtUp(ProjectionRunner candidate, ProjectionRunner current) {
        Map<TopicPartition, Long> target = current.positions();
        Map<TopicPartition, Long> reached = candidate.positions();
        if (reached.isEmpty()) {
            return false;
        }
        return target.entrySet().stream().allMatch(e -> reached.getOrDefault(e.getKey(), -1L) >= e.getValue());
    }

    private synchronized void switchTo(Replay finished) {
        ProjectionRunner old = live;
        ReadModel next = finished.runner.model();
        meta.replaceOne(Filters.eq("_id", "generation"), new Document("_id", "generation")
                .append("active", next.generation()).append("group", finished.runner.group()).append("format", FORMAT),
                new ReplaceOptions().upsert(true));
        finished.runner.tell(listener);
        live = finished.runner;
        lastReplay = finished.status().done(Instant.now());
        replay = null;
        old.close();
        listener.generationReplaced();
        old.model().collections().forEach(MongoCollection::drop);
        LOG.info("Replay done: serving generation {}", next.generation());
    }

    @Override
    public synchronized void start() {
        Document current = meta.find(Filters.eq("_id", "generation")).first();
        int generation = current == null ? 1 : current.getInteger("active");
        String group = current == null ? groupName(generation) : current.getString("group");
        if (current == null) {
            meta.insertOne(new Document("_id", "generation").append("active", generation).append("group", group).append("format", FORMAT));
        }
        dropOtherGenerations(generation);
        ProjectionRunner started = runner(ReadModel.of(database, generation).withIndexes(), group);
        started.tell(listener);
        started.start();
        live = started;
        if (current != null && current.getInteger("format", 1) < FORMAT) {
            LOG.info("Generation {} was built without versions (format {}): replaying into a new one", generation,
                    current.getInteger("format", 1));
            startReplay();
        }
    }

    private void dropOtherGenerations(int keep) {
        for (String name : database.listCollectionNames()) {
            if (name.matches("g\\d+_.*") && !name.startsWith("g" + keep + "_")) {
                database.getCollection(name).drop();
            }
        }
    }

    @Override
    public synchronized void stop() {
        if (replay != null) {
            replay.runner.close();
            replay = null;
        }
        if (live != null) {
            live.close();
        }
    }

    @Override
    public boolean isRunning() {
        return live != null;
    }

    /**
     * What a generation's read models hold, recorded with it: 2 since they keep the versions that
     * queries at an instant read. A generation built by an older projector has no versions, and a
     * later change to an old entity would start its versions from nothing; it is replaced by a
     * replay at start, served meanwhile as it is.
     */
    static final int FORMAT = 2;

    private static String groupName(int generation) {
        return "projector-g" + generation + "-" + UUID.randomUUID();
    }

    private Map<TopicPartition, Long> endOffsets() {
        try (KafkaConsumer<String, byte[]> probe = new KafkaConsumer<>(kafka.clientProperties(Map.of(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class)))) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(Topics.ADDRESSES, Topics.ASSIGNMENTS)) {
                List<PartitionInfo> infos = probe.partitionsFor(topic, Duration.ofSeconds(5));
                if (infos != null) {
                    infos.forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
                }
            }
            return probe.endOffsets(partitions, Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            LOG.warn("Could not read the end offsets for the replay's progress: {}", e.getMessage());
            return Map.of();
        }
    }

    /** A replay under way. */
    private record Replay(ProjectionRunner runner, Map<TopicPartition, Long> total, Instant startedAt) {

        ReplayStatus status() {
            long totalOffsets = total.values().stream().mapToLong(Long::longValue).sum();
            long done = runner.positions().entrySet().stream()
                    .mapToLong(e -> Math.min(e.getValue(), total.getOrDefault(e.getKey(), e.getValue()))).sum();
            double seconds = Math.max(0.001, Duration.between(startedAt, Instant.now()).toMillis() / 1000.0);
            double rate = done / seconds;
            Long eta = rate > 0 ? Math.round(Math.max(0, totalOffsets - done) / rate) : null;
            return new ReplayStatus("RUNNING", runner.model().generation(), done, totalOffsets, runner.applied(),
                    Math.round(rate), eta, startedAt, null, runner.lastError());
        }
    }
}
