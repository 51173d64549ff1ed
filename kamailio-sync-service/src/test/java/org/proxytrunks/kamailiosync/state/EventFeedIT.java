package org.proxytrunks.kamailiosync.state;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.proxytrunks.events.AddressId;
import org.proxytrunks.events.BrandId;
import org.proxytrunks.events.ProviderId;
import org.proxytrunks.events.ProviderKind;
import org.proxytrunks.events.Topics;
import org.proxytrunks.events.assignment.ProviderAddressSetEvent;
import org.proxytrunks.kamailiosync.apply.SyncStatus;
import org.proxytrunks.embedded.SharedTestStack;
import org.proxytrunks.support.kafka.MongoParkedRecords;
import org.proxytrunks.testing.EventWriter;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The feed against the embedded broker and MongoDB-protocol server: a state is handed to the
 * applier only once caught up, saved as it advances and resumed from at the next start; a
 * snapshot outside the topics is rebuilt from the history, and so is the state when asked; a
 * record that cannot be read is parked and the events after it applied. Only this test's
 * providers are looked at: the shared topics hold other tests' events too.
 */
class EventFeedIT {

    private static final SharedTestStack STACK = SharedTestStack.get();
    private static final MongoClient MONGO = MongoClients.create(STACK.mongo().connectionString());
    private static final EventWriter EVENTS = new EventWriter(STACK.kafka().bootstrapServers());
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final MongoDatabase database = MONGO.getDatabase("feed-it-" + run);
    private int sequence;

    @AfterAll
    static void close() {
        EVENTS.close();
        MONGO.close();
    }

    private void carrier(String provider, String address) {
        EVENTS.publish(Topics.ASSIGNMENTS, "brand-" + run, sequence++, new ProviderAddressSetEvent(new BrandId("feed-" + run),
                ProviderKind.CARRIER, new ProviderId(run + "-" + provider), new AddressId(address), null));
    }

    private Map<String, AddressId> carriers(DesiredState state) {
        Map<String, AddressId> mine = new TreeMap<>();
        state.content().providers().get(ProviderKind.CARRIER).forEach((provider, address) -> {
            if (provider.startsWith(run + "-")) {
                mine.put(provider.substring(run.length() + 1), address);
            }
        });
        return mine;
    }

    private EventFeed start(DesiredState state) {
        EventFeed feed = new EventFeed(state, STACK.kafka().bootstrapServers(), new StateSnapshots(database), new MongoParkedRecords(database));
        feed.start();
        return feed;
    }

    private static void await(BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!done.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(25);
        }
        assertThat(done.getAsBoolean()).isTrue();
    }

    @Test
    void aStartResumesFromTheSavedStateAndTheEventsAfterIt() throws Exception {
        carrier("c1", "a1");
        carrier("c2", "a1");
        carrier("c1", "a2");
        DesiredState first = new DesiredState();
        try (EventFeed feed = start(first)) {
            await(feed::caughtUp);
            assertThat(carriers(first)).as("handed over whole").isEqualTo(Map.of("c1", new AddressId("a2"), "c2", new AddressId("a1")));
            assertThat(feed.status().startedFrom()).isEqualTo("history");
            carrier("c3", "a3");
            await(() -> carriers(first).containsKey("c3"));
            await(() -> new StateSnapshots(database).load().map(s -> s.content().providers().get(ProviderKind.CARRIER)
                    .containsKey(run + "-c3")).orElse(false));
        }
        carrier("c2", "a3");

        DesiredState second = new DesiredState();
        try (EventFeed feed = start(second)) {
            await(feed::caughtUp);
            SyncStatus.Feed status = feed.status();
            assertThat(status.startedFrom()).isEqualTo("snapshot");
            assertThat(status.catchUpMillis()).isNotNull();
            assertThat(carriers(second)).as("the snapshot and the change made meanwhile").isEqualTo(
                    Map.of("c1", new AddressId("a2"), "c2", new AddressId("a3"), "c3", new AddressId("a3")));
        }
    }

    @Test
    void aSnapshotOutsideTheTopicsIsRebuiltFromTheHistory() throws Exception {
        carrier("c1", "a1");
        DesiredState first = new DesiredState();
        try (EventFeed feed = start(first)) {
            await(feed::caughtUp);
            await(() -> new StateSnapshots(database).load().isPresent());
        }
        database.getCollection(StateSnapshots.COLLECTION).updateOne(new Document("_id", "positions"),
                new Document("$set", new Document("offsets", List.of(new Document("topic", Topics.ASSIGNMENTS).append("partition", 0)
                        .append("offset", 1_000_000_000L)))));
        DesiredState second = new DesiredState();
        try (EventFeed feed = start(second)) {
            await(feed::caughtUp);
            assertThat(feed.status().startedFrom()).isEqualTo("history");
            assertThat(carriers(second)).isEqualTo(Map.of("c1", new AddressId("a1")));
        }
    }

    @Test
    void aRebuildRunsBesideTheAppliedStateAndReplacesIt() throws Exception {
        carrier("c1", "a1");
        DesiredState state = new DesiredState();
        try (EventFeed feed = start(state)) {
            await(feed::caughtUp);
            await(() -> "snapshot".equals(feed.status().startedFrom()) || new StateSnapshots(database).load().isPresent());
        }
        DesiredState resumed = new DesiredState();
        try (EventFeed feed = start(resumed)) {
            await(feed::caughtUp);
            assertThat(feed.status().startedFrom()).isEqualTo("snapshot");
            assertThat(feed.rebuild()).isTrue();
            assertThat(feed.rebuild()).as("one at a time").isFalse();
            carrier("c2", "a2");
            await(() -> "history".equals(feed.status().startedFrom()) && !feed.status().rebuilding());
            await(() -> carriers(resumed).containsKey("c2"));
            assertThat(carriers(resumed)).isEqualTo(Map.of("c1", new AddressId("a1"), "c2", new AddressId("a2")));
            assertThat(feed.followers()).hasSize(1);
        }
    }

    @Test
    void aRecordThatCannotBeReadIsParkedAndTheEventsAfterItApplied() throws Exception {
        DesiredState state = new DesiredState();
        try (EventFeed feed = start(state)) {
            await(feed::caughtUp);
            long parkedBefore = feed.status().parkedRecords();
            EVENTS.publishRaw(Topics.ASSIGNMENTS, "brand-" + run, sequence++, ProviderAddressSetEvent.class.getName(),
                    "{not json".getBytes(StandardCharsets.UTF_8));
            EVENTS.publishRaw(Topics.ADDRESSES, "address-" + run, 0, org.proxytrunks.events.address.AddressAddedEvent.class.getName(), "[]".getBytes(StandardCharsets.UTF_8));
            carrier("after", "a1");
            await(() -> carriers(state).containsKey("after"));
            await(() -> feed.status().parkedRecords() == parkedBefore + 2);
            assertThat(new MongoParkedRecords(database).list(10)).extracting(r -> r.topic())
                    .containsExactlyInAnyOrder(Topics.ASSIGNMENTS, Topics.ADDRESSES);
        }
    }

    /** The applied state keeps following the events while MongoDB is down; the snapshot catches up once it is back. */
    @Test
    void aMongoOutageStopsOnlyTheSavingWhichCatchesUpAfterwards() throws Exception {
        org.proxytrunks.embedded.EmbeddedMongoServer mongo = new org.proxytrunks.embedded.EmbeddedMongoServer(
                java.nio.file.Files.createTempDirectory("feed-outage"), "127.0.0.1", SharedTestStack.freePort());
        mongo.start();
        try (MongoClient client = MongoClients.create(com.mongodb.MongoClientSettings.builder()
                .applyConnectionString(new com.mongodb.ConnectionString(mongo.connectionString()))
                .applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(1, java.util.concurrent.TimeUnit.SECONDS))
                .build())) {
            MongoDatabase own = client.getDatabase("feed-outage");
            StateSnapshots snapshots = new StateSnapshots(own);
            DesiredState state = new DesiredState();
            carrier("before", "a1");
            try (EventFeed feed = new EventFeed(state, STACK.kafka().bootstrapServers(), snapshots, new MongoParkedRecords(own))) {
                feed.start();
                await(feed::caughtUp);
                await(() -> snapshots.load().map(s -> s.content().providers().get(ProviderKind.CARRIER).containsKey(run + "-before"))
                        .orElse(false));

                mongo.stop();
                carrier("during", "a2");
                await(() -> carriers(state).containsKey("during"));
                Thread.sleep(2500);
                mongo.start();
                await(() -> {
                    try {
                        return snapshots.load().map(s -> s.content().providers().get(ProviderKind.CARRIER).containsKey(run + "-during"))
                                .orElse(false);
                    } catch (RuntimeException notYet) {
                        return false;
                    }
                });
                assertThat(feed.followers()).allMatch(org.proxytrunks.support.kafka.EventFollower::alive);
            }
        } finally {
            mongo.close();
        }
    }
}
