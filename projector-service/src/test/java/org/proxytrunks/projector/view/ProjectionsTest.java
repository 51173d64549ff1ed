package org.proxytrunks.projector.view;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
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
import org.proxytrunks.events.address.AddressRemovedEvent;
import org.proxytrunks.events.address.AddressRetirementStartedEvent;
import org.proxytrunks.events.assignment.BrandAddressAssignedEvent;
import org.proxytrunks.events.assignment.BrandAddressUnassignedEvent;
import org.proxytrunks.events.assignment.BrandRegisteredEvent;
import org.proxytrunks.events.assignment.BrandRetiredEvent;
import org.proxytrunks.events.assignment.ProviderAddressSetEvent;
import org.proxytrunks.events.assignment.ProviderRetiredEvent;
import org.proxytrunks.events.assignment.UnassignmentReason;
import org.proxytrunks.support.kafka.EventEnvelope;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The projections against a real MongoDB-protocol server (mongo-java-server, in memory). */
class ProjectionsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AddressId A = new AddressId("a");
    private static final AddressId B = new AddressId("b");
    private static final BrandId BRAND = new BrandId("b1");
    private static final ProviderId P = new ProviderId("7");

    private MongoServer server;
    private MongoClient client;
    private ReadModel model;
    private final AtomicLong ids = new AtomicLong();

    @BeforeEach
    void start() {
        server = new MongoServer(H2Backend.inMemory());
        client = MongoClients.create("mongodb://" + server.bind().getHostString() + ":" + server.getLocalAddress().getPort());
        model = ReadModel.of(client.getDatabase("projections-test"), 1);
    }

    @AfterEach
    void stop() {
        client.close();
        server.shutdownNow();
    }

    private EventEnvelope envelope(String key, Object event) {
        try {
            long n = ids.incrementAndGet();
            return new EventEnvelope("m" + n, "t", 0, n, key, n, event.getClass().getSimpleName(), "1", Instant.ofEpochSecond(n),
                    "god", "GOD", null, event, JSON.writeValueAsString(event));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private List<EventEnvelope> history() {
        return List.of(
                envelope("a", new AddressAddedEvent(A, new AddressName("Madrid"), IpLiteral.parse("127.0.0.2"), null, false)),
                envelope("b", new AddressAddedEvent(B, new AddressName("Bilbao"), IpLiteral.parse("2001:db8::2"), null, false)),
                envelope("brand:b1", new BrandRegisteredEvent(BRAND, List.of(A))),
                envelope("brand:b1", new BrandAddressAssignedEvent(BRAND, B)),
                envelope("brand:b1", new ProviderAddressSetEvent(BRAND, ProviderKind.CARRIER, P, A, null)),
                envelope("brand:b1", new ProviderAddressSetEvent(BRAND, ProviderKind.CARRIER, P, B, A)),
                envelope("brand:b1", new ProviderAddressSetEvent(BRAND, ProviderKind.DDI_PROVIDER, P, A, null)),
                envelope("a", new AddressIpChangedEvent(A, IpLiteral.parse("127.0.0.3"), IpLiteral.parse("127.0.0.2"))));
    }

    @Test
    void addressesKnowTheirBrandsAndProviders() {
        history().forEach(e -> Projections.apply(model, e));
        Document a = model.addresses().find(new Document("_id", "a")).first();
        assertThat(a.getString("ip")).isEqualTo("127.0.0.3");
        assertThat(a.getList("brands", String.class)).containsExactly("b1");
        assertThat(providersOf("addressId", "a")).extracting(d -> d.getString("kind")).containsExactly("DDI_PROVIDER");
        assertThat(providersOf("addressId", "b")).extracting(d -> d.getString("kind")).containsExactly("CARRIER");
        Document brand = model.brands().find(new Document("_id", "b1")).first();
        assertThat(brand.getList("addresses", String.class)).containsExactlyInAnyOrder("a", "b");
        assertThat(providersOf("brandId", "b1")).extracting(d -> d.getString("kind") + " " + d.getString("providerId") + " " + d.getString("addressId"))
                .containsExactlyInAnyOrder("CARRIER 7 b", "DDI_PROVIDER 7 a");
        assertThat(model.providers().find(new Document("_id", "b1|CARRIER|7")).first().getString("addressId")).isEqualTo("b");
        assertThat(model.audit().countDocuments()).isEqualTo(8);
    }

    @Test
    void aBatchWritesNothingUntilItEndsAndThenWhatTheEventsOneByOneWrite() {
        List<EventEnvelope> history = history();
        history.forEach(e -> Projections.apply(model, e));
        Map<String, List<Document>> oneByOne = dump();
        model.collections().forEach(c -> c.deleteMany(new Document()));

        ProjectionBatch batch = new ProjectionBatch(model);
        history.forEach(e -> Projections.apply(batch, e));
        assertThat(batch.isEmpty()).isFalse();
        assertThat(model.audit().countDocuments()).as("nothing written before the batch ends").isZero();
        batch.flush();
        assertThat(batch.isEmpty()).isTrue();
        assertThat(dump()).isEqualTo(oneByOne);
    }

    @Test
    void theSameEventsTwiceGiveTheSameReadModels() {
        List<EventEnvelope> history = history();
        history.forEach(e -> Projections.apply(model, e));
        Map<String, List<Document>> once = dump();
        history.forEach(e -> Projections.apply(model, e));
        history.subList(3, history.size()).forEach(e -> Projections.apply(model, e));
        assertThat(dump()).isEqualTo(once);
    }

    @Test
    void aBrandEventBeforeItsAddressEventStillJoins() {
        Projections.apply(model, envelope("brand:b1", new BrandRegisteredEvent(BRAND, List.of(A))));
        Projections.apply(model, envelope("a", new AddressAddedEvent(A, new AddressName("Madrid"), IpLiteral.parse("127.0.0.2"), null, false)));
        Document a = model.addresses().find(new Document("_id", "a")).first();
        assertThat(a.getList("brands", String.class)).containsExactly("b1");
        assertThat(a.getString("name")).isEqualTo("Madrid");
    }

    @Test
    void retirementsAndRemovalsLeaveTheViews() {
        history().forEach(e -> Projections.apply(model, e));
        Projections.apply(model, envelope("brand:b1", new ProviderRetiredEvent(BRAND, ProviderKind.DDI_PROVIDER, P, A)));
        Projections.apply(model, envelope("brand:b1", new BrandAddressUnassignedEvent(BRAND, A, UnassignmentReason.UNASSIGNED)));
        Projections.apply(model, envelope("a", new AddressRetirementStartedEvent(A)));
        Projections.apply(model, envelope("a", new AddressRemovedEvent(A, IpLiteral.parse("127.0.0.3"))));
        Projections.apply(model, envelope("brand:b1", new BrandRetiredEvent(BRAND)));
        Document a = model.addresses().find(new Document("_id", "a")).first();
        assertThat(a.getString("state")).isEqualTo("REMOVED");
        assertThat(a.getList("brands", String.class)).isEmpty();
        assertThat(providersOf("addressId", "a")).isEmpty();
        assertThat(model.providers().countDocuments(new Document("_id", "b1|DDI_PROVIDER|7"))).isZero();
        assertThat(model.brands().find(new Document("_id", "b1")).first().getString("state")).isEqualTo("RETIRED");
    }

    @Test
    void anEventWhoseJsonMongoDbCannotReadThrowsAndAddsNoWrite() {
        // Jackson reads it (the unknown "$oid" is ignored); MongoDB's JSON reader takes it for a malformed ObjectId
        EventEnvelope valid = envelope("brand:b1", new BrandRetiredEvent(BRAND));
        EventEnvelope unreadable = new EventEnvelope(valid.messageId(), valid.topic(), valid.partition(), valid.offset(),
                valid.key(), valid.sequence(), valid.type(), valid.revision(), valid.time(), valid.actorSubject(),
                valid.actorRole(), valid.actorBrand(), valid.payload(), "{\"$oid\": \"x\", \"brandId\": \"b1\"}");
        ProjectionBatch batch = new ProjectionBatch(model);

        assertThatThrownBy(() -> Projections.apply(batch, unreadable)).isInstanceOf(RuntimeException.class);

        assertThat(batch.isEmpty()).isTrue();
    }

    private List<Document> providersOf(String field, String value) {
        List<Document> providers = new ArrayList<>();
        model.providers().find(new Document(field, value)).forEach(providers::add);
        return providers;
    }

    private Map<String, List<Document>> dump() {
        Map<String, List<Document>> all = new TreeMap<>();
        for (MongoCollection<Document> collection : model.collections()) {
            List<Document> documents = new ArrayList<>();
            collection.find().sort(new Document("_id", 1)).forEach(documents::add);
            all.put(collection.getNamespace().getCollectionName(), documents);
        }
        return all;
    }
}
