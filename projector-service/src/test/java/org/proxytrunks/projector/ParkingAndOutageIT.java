package org.proxytrunks.projector;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.bson.Document;
import org.bson.types.Binary;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.proxytrunks.embedded.EmbeddedMongoServer;
import org.proxytrunks.embedded.SharedTestStack;
import org.proxytrunks.events.AddressId;
import org.proxytrunks.events.AddressName;
import org.proxytrunks.events.BrandId;
import org.proxytrunks.events.IpLiteral;
import org.proxytrunks.events.Topics;
import org.proxytrunks.events.address.AddressAddedEvent;
import org.proxytrunks.events.assignment.BrandRegisteredEvent;
import org.proxytrunks.events.assignment.BrandRetiredEvent;
import org.proxytrunks.projector.consumer.ReadModels;
import org.proxytrunks.support.kafka.EventFollower;
import org.proxytrunks.support.kafka.MongoParkedRecords;
import org.proxytrunks.testing.EventWriter;
import org.proxytrunks.testing.RunningService;
import org.proxytrunks.testing.RunningService.Response;
import org.proxytrunks.testing.Tokens;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The projector against the shared Kafka broker and a MongoDB-protocol server of its own (the
 * outage stops it): records it cannot read or apply are parked and the ones after them apply; a
 * MongoDB outage longer than the consumer's poll interval leaves it following.
 */
class ParkingAndOutageIT {

    private static final Duration POLL_INTERVAL = Duration.ofSeconds(3);

    private static EmbeddedMongoServer mongo;
    private static RunningService projector;
    private static EventWriter writer;

    private final String god = Tokens.god();
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void start() throws Exception {
        SharedTestStack stack = SharedTestStack.get();
        mongo = new EmbeddedMongoServer(Files.createTempDirectory("projector-outage"), "127.0.0.1", SharedTestStack.freePort());
        mongo.start();
        Map<String, Object> properties = RunningService.wiredTo(stack, mongo.connectionString(), "projections-parking");
        properties.put("proxytrunks.projector.max-poll-interval", POLL_INTERVAL.toMillis() + "ms");
        projector = RunningService.start(ProjectorServiceApplication.application(), properties);
        writer = new EventWriter(stack.kafka().bootstrapServers());
    }

    @AfterAll
    static void stop() {
        writer.close();
        projector.close();
        mongo.close();
    }

    private Response awaitOk(String path) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> projector.send("GET", path, god, null).status() == 200);
        return projector.send("GET", path, god, null);
    }

    private RecordMetadata addAddress(String id, String ip) {
        return writer.publish(Topics.ADDRESSES, id, 0,
                new AddressAddedEvent(new AddressId(id), new AddressName("address " + id), IpLiteral.parse(ip), null, false));
    }

    @Test
    void recordsThatCannotBeReadOrProjectedAreParkedListedCountedAndTheEventsAfterThemApply() {
        String address = "pk-" + run;
        String brand = "pk-" + run;
        byte[] garbage = "not json at all".getBytes(StandardCharsets.UTF_8);
        RecordMetadata undecodable = writer.publishRaw(Topics.ADDRESSES, address, 0, AddressAddedEvent.class.getName(), garbage);
        // read by Jackson (the unknown "$oid" is ignored), refused by MongoDB's JSON reader when projected
        RecordMetadata unprojectable = writer.publishRaw(Topics.ASSIGNMENTS, "brand:" + brand, 0, BrandRetiredEvent.class.getName(),
                ("{\"$oid\": \"x\", \"brandId\": \"" + brand + "\"}").getBytes(StandardCharsets.UTF_8));
        writer.publish(Topics.ADDRESSES, address, 1,
                new AddressAddedEvent(new AddressId(address), new AddressName("after the parked"), IpLiteral.parse("127.0.9.1"), null, false));
        writer.publish(Topics.ASSIGNMENTS, "brand:" + brand, 1, new BrandRegisteredEvent(new BrandId(brand), List.of(new AddressId(address))));

        assertThat(awaitOk("/api/brands/" + brand).body()).contains(address);
        assertThat(awaitOk("/api/addresses/" + address).json().get("name").asText()).isEqualTo("after the parked");

        Response parked = projector.send("GET", "/api/parked", god, null);
        assertThat(parked.status()).as(parked.toString()).isEqualTo(200);
        assertThat(parked.json().get("count").asLong()).isGreaterThanOrEqualTo(2);
        JsonNode garbageItem = item(parked, undecodable);
        assertThat(garbageItem.get("valueText").asText()).isEqualTo("not json at all");
        assertThat(garbageItem.get("key").asText()).isEqualTo(address);
        assertThat(garbageItem.get("reason").asText()).startsWith("cannot be decoded");
        assertThat(garbageItem.get("type").asText()).isEqualTo(AddressAddedEvent.class.getName());
        JsonNode unprojectableItem = item(parked, unprojectable);
        assertThat(unprojectableItem.get("reason").asText()).startsWith("cannot be applied");
        assertThat(unprojectableItem.get("valueText").asText()).contains("$oid");

        assertThat(projector.send("GET", "/api/parked?limit=1", Tokens.service(), null).json().get("items")).hasSize(1);
        assertThat(projector.send("GET", "/api/parked", Tokens.brandAdmin(brand), null).status()).isEqualTo(403);
        assertThat(projector.send("GET", "/api/parked", null, null).status()).isEqualTo(401);
        assertThat(projector.send("GET", "/api/parked?limit=0", god, null).status()).isEqualTo(400);
        assertThat(projector.send("GET", "/api/parked?limit=many", god, null).status()).isEqualTo(400);

        String metrics = projector.send("GET", "/actuator/prometheus", Tokens.service(), null).body();
        assertThat(metrics.lines().filter(l -> l.startsWith("proxytrunks_parked_records ")))
                .singleElement().satisfies(l -> assertThat(Double.parseDouble(l.split(" ")[1])).isGreaterThanOrEqualTo(2));
        Response health = projector.send("GET", "/actuator/health", null, null);
        assertThat(health.status()).as("degraded, still serving").isEqualTo(200);
        assertThat(health.json().get("status").asText()).isEqualTo("DEGRADED");
        Response detailed = projector.send("GET", "/actuator/health", Tokens.service(), null);
        assertThat(detailed.json().at("/components/projection/details/parkedRecords").asLong()).isGreaterThanOrEqualTo(2);

        try (MongoClient client = MongoClients.create(mongo.connectionString())) {
            Document stored = client.getDatabase("projections-parking").getCollection(MongoParkedRecords.COLLECTION)
                    .find(new Document("_id", Topics.ADDRESSES + "/" + undecodable.partition() + "/" + undecodable.offset())).first();
            assertThat(stored).as("kept in MongoDB, so it survives a restart").isNotNull();
            assertThat(stored.get("value", Binary.class).getData()).isEqualTo(garbage);
        }
    }

    private static JsonNode item(Response parked, RecordMetadata record) {
        for (JsonNode item : parked.json().get("items")) {
            if (item.get("topic").asText().equals(record.topic()) && item.get("partition").asInt() == record.partition()
                    && item.get("offset").asLong() == record.offset()) {
                return item;
            }
        }
        throw new AssertionError(record + " is not listed: " + parked.body());
    }

    @Test
    void aMongoDbOutageLongerThanThePollIntervalLeavesTheProjectorFollowingAndItCatchesUp() throws Exception {
        String before = "ob-" + run;
        addAddress(before, "127.0.9.2");
        awaitOk("/api/addresses/" + before);
        EventFollower follower = projector.context().getBean(ReadModels.class).live().follower();

        mongo.stop();
        String during = "od-" + run;
        addAddress(during, "127.0.9.3");
        Thread.sleep(POLL_INTERVAL.multipliedBy(4).toMillis());
        assertThat(follower.alive()).as("still following during the outage").isTrue();
        mongo.start();

        assertThat(awaitOk("/api/addresses/" + during).json().get("name").asText()).isEqualTo("address " + during);
        assertThat(projector.context().getBean(ReadModels.class).live().follower()).isSameAs(follower);
        assertThat(follower.alive()).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> follower.lastError() == null);
    }
}
