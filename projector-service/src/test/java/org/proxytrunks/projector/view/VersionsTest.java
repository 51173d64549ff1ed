package org.proxytrunks.projector.view;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.proxytrunks.events.AddressId;
import org.proxytrunks.events.AddressName;
import org.proxytrunks.events.BrandId;
import org.proxytrunks.events.IpLiteral;
import org.proxytrunks.events.ProviderId;
import org.proxytrunks.events.ProviderKind;
import org.proxytrunks.events.address.AddressAddedEvent;
import org.proxytrunks.events.address.AddressIpChangedEvent;
import org.proxytrunks.events.address.AddressRenamedEvent;
import org.proxytrunks.events.assignment.BrandAddressAssignedEvent;
import org.proxytrunks.events.assignment.BrandAddressUnassignedEvent;
import org.proxytrunks.events.assignment.BrandRegisteredEvent;
import org.proxytrunks.events.assignment.ProviderAddressSetEvent;
import org.proxytrunks.events.assignment.ProviderRetiredEvent;
import org.proxytrunks.events.assignment.UnassignmentReason;
import org.proxytrunks.support.kafka.EventEnvelope;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The versions the projection keeps for queries at an instant: each change makes the entity's
 * whole new state valid from the event's time, and ends the version before it.
 */
class VersionsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AddressId A = new AddressId("a");
    private static final AddressId B = new AddressId("b");
    private static final BrandId BRAND = new BrandId("b1");
    private static final ProviderId P = new ProviderId("7");

    private MongoServer server;
    private MongoClient client;
    private ReadModel model;
    private final AtomicInteger versionLookups = new AtomicInteger();

    @BeforeEach
    void start() {
        server = new MongoServer(H2Backend.inMemory());
        InetSocketAddress address = server.bind();
        client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString("mongodb://" + address.getHostString() + ":" + address.getPort()))
                .addCommandListener(new CommandListener() {
                    @Override
                    public void commandStarted(CommandStartedEvent command) {
                        if (command.getCommandName().equals("find") && command.getCommand().getString("find").getValue().endsWith("_versions")) {
                            versionLookups.incrementAndGet();
                        }
                    }
                }).build());
        model = ReadModel.of(client.getDatabase("versions-test"), 1).withIndexes();
    }

    @AfterEach
    void stop() {
        client.close();
        server.shutdownNow();
    }

    /** Event {@code sequence} of {@code key}, at second {@code second}. */
    private static EventEnvelope event(String key, long sequence, long second, Object event) {
        try {
            return new EventEnvelope(key + "-" + sequence, "t", 0, second, key, sequence, event.getClass().getSimpleName(), "1",
                    Instant.ofEpochSecond(second), "god", "GOD", null, event, JSON.writeValueAsString(event));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static final List<EventEnvelope> CARRIER_MOVES = List.of(
            event("brand:b1", 0, 10, new BrandRegisteredEvent(BRAND, List.of(A))),
            event("brand:b1", 1, 20, new ProviderAddressSetEvent(BRAND, ProviderKind.CARRIER, P, A, null)),
            event("brand:b1", 2, 30, new BrandAddressAssignedEvent(BRAND, B)),
            event("brand:b1", 3, 40, new ProviderAddressSetEvent(BRAND, ProviderKind.CARRIER, P, B, A)),
            event("brand:b1", 4, 50, new ProviderRetiredEvent(BRAND, ProviderKind.CARRIER, P, B)),
            event("brand:b1", 5, 60, new BrandAddressUnassignedEvent(BRAND, A, UnassignmentReason.UNASSIGNED)));

    @Test
    void eachChangeOfAProviderIsAVersionEndedByTheNext() {
        CARRIER_MOVES.forEach(e -> Projections.apply(model, e));

        assertThat(versions(model.providerVersions())).containsExactly(
                "b1|CARRIER|7@1 from 20 to 40 address a",
                "b1|CARRIER|7@3 from 40 to 50 address b",
                "b1|CARRIER|7@4 from 50 now address null");
        assertThat(versions(model.brandVersions())).containsExactly(
                "b1@0 from 10 to 30 addresses [a] REGISTERED",
                "b1@2 from 30 to 60 addresses [a, b] REGISTERED",
                "b1@5 from 60 now addresses [b] REGISTERED");
    }

    @Test
    void anAddressVersionHoldsItsWholeStateNotOnlyWhatChanged() {
        Projections.apply(model, event("a", 0, 10, new AddressAddedEvent(A, new AddressName("Madrid"), IpLiteral.parse("127.0.0.2"), null, false)));
        Projections.apply(model, event("a", 1, 20, new AddressRenamedEvent(A, new AddressName("Bilbao"))));
        Projections.apply(model, event("a", 2, 30, new AddressIpChangedEvent(A, IpLiteral.parse("127.0.0.3"), IpLiteral.parse("127.0.0.2"))));

        assertThat(versions(model.addressVersions())).containsExactly(
                "a@0 from 10 to 20 Madrid 127.0.0.2 ACTIVE",
                "a@1 from 20 to 30 Bilbao 127.0.0.2 ACTIVE",
                "a@2 from 30 now Bilbao 127.0.0.3 ACTIVE");
    }

    @Test
    void oneBatchGivesTheVersionsOfEventsAppliedOneByOne() {
        CARRIER_MOVES.forEach(e -> Projections.apply(model, e));
        List<String> oneByOne = versions(model.providerVersions());
        List<String> brandOneByOne = versions(model.brandVersions());
        model.collections().forEach(c -> c.deleteMany(new Document()));

        ProjectionBatch batch = new ProjectionBatch(model);
        CARRIER_MOVES.forEach(e -> Projections.apply(batch, e));
        assertThat(model.providerVersions().countDocuments()).as("nothing written before the batch ends").isZero();
        batch.flush();

        assertThat(versions(model.providerVersions())).isEqualTo(oneByOne);
        assertThat(versions(model.brandVersions())).isEqualTo(brandOneByOne);
    }

    @Test
    void eventsAppliedAgainChangeNoVersionNorTheEndOfOne() {
        CARRIER_MOVES.forEach(e -> Projections.apply(model, e));
        List<String> once = versions(model.providerVersions());
        List<String> brandOnce = versions(model.brandVersions());

        // a restart resumes a little before where it was, in one batch and one by one; a publisher republishes one event
        ProjectionBatch batch = new ProjectionBatch(model);
        CARRIER_MOVES.subList(2, CARRIER_MOVES.size()).forEach(e -> Projections.apply(batch, e));
        batch.flush();
        CARRIER_MOVES.subList(1, CARRIER_MOVES.size()).forEach(e -> Projections.apply(model, e));
        Projections.apply(model, CARRIER_MOVES.get(1));

        assertThat(versions(model.providerVersions())).isEqualTo(once);
        assertThat(versions(model.brandVersions())).isEqualTo(brandOnce);
    }

    @Test
    void aBatchThatRepeatsAnEarlierEventFindsItsPreviousVersionStored() {
        CARRIER_MOVES.subList(0, 4).forEach(e -> Projections.apply(model, e));
        List<String> stored = versions(model.providerVersions());

        ProjectionBatch batch = new ProjectionBatch(model);
        Projections.apply(batch, CARRIER_MOVES.get(3));
        Projections.apply(batch, CARRIER_MOVES.get(1));
        batch.flush();

        assertThat(versions(model.providerVersions())).isEqualTo(stored);
    }

    /** The same carrier moves again and again: moves 0..n of the carrier between the brand's two addresses. */
    private static List<EventEnvelope> manyMoves(int n) {
        List<EventEnvelope> events = new ArrayList<>(CARRIER_MOVES.subList(0, 4));
        for (int i = 4; i < n; i++) {
            AddressId to = i % 2 == 0 ? A : B;
            events.add(event("brand:b1", i, 10L * (i + 1), new ProviderAddressSetEvent(BRAND, ProviderKind.CARRIER, P, to, to == A ? B : A)));
        }
        return events;
    }

    @Test
    void aLongLivedBatchRemembersTheLatestVersionsAndAsksMongoDbOnlyAfterItsFirstBatch() {
        List<EventEnvelope> moves = manyMoves(40);
        moves.forEach(e -> Projections.apply(model, e));
        List<String> oneByOne = versions(model.providerVersions());
        List<String> brandOneByOne = versions(model.brandVersions());
        model.collections().forEach(c -> c.deleteMany(new Document()));

        ProjectionBatch batch = new ProjectionBatch(model);
        versionLookups.set(0);
        for (int from = 0; from < moves.size(); from += 3) {
            moves.subList(from, Math.min(from + 3, moves.size())).forEach(e -> Projections.apply(batch, e));
            batch.flush();
            if (from == 0) {
                assertThat(versionLookups.get()).as("the first batch looks up the versions it does not know").isPositive();
                versionLookups.set(0);
            }
        }
        assertThat(versionLookups.get()).as("lookups after the first batch").isZero();
        assertThat(versions(model.providerVersions())).isEqualTo(oneByOne);
        assertThat(versions(model.brandVersions())).isEqualTo(brandOneByOne);
    }

    @Test
    void eventsOfTheAggregateWrittenElsewhereMeanwhileAreFoundInMongoDb() {
        List<EventEnvelope> moves = manyMoves(12);
        moves.forEach(e -> Projections.apply(model, e));
        List<String> once = versions(model.providerVersions());
        List<String> brandOnce = versions(model.brandVersions());
        model.collections().forEach(c -> c.deleteMany(new Document()));

        // this projection reads events 0-5; another instance reads 6-8 (a partition it held meanwhile); this one goes on from 9
        ProjectionBatch batch = new ProjectionBatch(model);
        moves.subList(0, 6).forEach(e -> Projections.apply(batch, e));
        batch.flush();
        moves.subList(6, 9).forEach(e -> Projections.apply(model, e));
        versionLookups.set(0);
        moves.subList(9, 12).forEach(e -> Projections.apply(batch, e));
        batch.flush();

        assertThat(versionLookups.get()).as("a gap in the aggregate's events: its entities looked up").isPositive();
        assertThat(versions(model.providerVersions())).isEqualTo(once);
        assertThat(versions(model.brandVersions())).isEqualTo(brandOnce);
    }

    @Test
    void eventsAppliedAgainByALongLivedBatchChangeNoVersion() {
        List<EventEnvelope> moves = manyMoves(12);
        ProjectionBatch batch = new ProjectionBatch(model);
        moves.subList(0, 8).forEach(e -> Projections.apply(batch, e));
        batch.flush();
        moves.subList(8, 12).forEach(e -> Projections.apply(batch, e));
        batch.flush();
        List<String> once = versions(model.providerVersions());
        List<String> brandOnce = versions(model.brandVersions());

        // redelivered after a rebalance: the tail again, then the history goes on
        moves.subList(6, 12).forEach(e -> Projections.apply(batch, e));
        batch.flush();
        assertThat(versions(model.providerVersions())).isEqualTo(once);
        assertThat(versions(model.brandVersions())).isEqualTo(brandOnce);

        EventEnvelope next = event("brand:b1", 12, 130, new ProviderAddressSetEvent(BRAND, ProviderKind.CARRIER, P, A, B));
        Projections.apply(batch, next);
        batch.flush();
        assertThat(versions(model.providerVersions())).last().isEqualTo("b1|CARRIER|7@12 from 130 now address a");
        assertThat(versions(model.providerVersions())).as("the version before it ended by it")
                .contains("b1|CARRIER|7@11 from 120 to 130 address b");
    }

    /** Each version as "id from validFrom to validTo (or now) state", seconds since the epoch, in order. */
    private static List<String> versions(com.mongodb.client.MongoCollection<Document> collection) {
        List<String> versions = new ArrayList<>();
        collection.find().sort(new Document(Versions.VALID_FROM, 1)).forEach(v -> {
            Date to = v.getDate(Versions.VALID_TO);
            String state = v.containsKey("addresses") ? "addresses " + v.getList("addresses", String.class) + " " + v.getString("state")
                    : v.containsKey("providerId") ? "address " + v.getString("addressId")
                    : v.getString("name") + " " + v.getString("ip") + " " + v.getString("state");
            versions.add(v.getString("_id") + " from " + v.getDate(Versions.VALID_FROM).toInstant().getEpochSecond()
                    + (to == null ? " now " : " to " + to.toInstant().getEpochSecond() + " ") + state);
        });
        return versions;
    }
}
