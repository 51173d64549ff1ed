package org.proxytrunks.support.kafka;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The MongoDB store of parked records against a MongoDB-protocol server over a socket. */
class MongoParkedRecordsTest {

    private final MongoServer server = new MongoServer(new MemoryBackend());
    private final InetSocketAddress address = server.bind();
    private final MongoClient client = MongoClients.create("mongodb://" + address.getHostString() + ":" + address.getPort());
    private final MongoDatabase database = client.getDatabase("parked-test");

    @AfterEach
    void stop() {
        client.close();
        server.shutdownNow();
    }

    private static ParkedRecord record(String topic, int partition, long offset, String reason) {
        return new ParkedRecord(topic, partition, offset, "brand:b1", new byte[]{'{', (byte) 0xff},
                Map.of("axon-message-type", "org.example.Event".getBytes(), "axon-message-aggregate-seq", new byte[]{0, 0, 0, 0, 0, 0, 0, 9}),
                reason, Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }

    @Test
    void keepsEachRecordOnceWholeAndInOrderAndTheCountSurvivesARestartOfTheService() {
        MongoParkedRecords parked = new MongoParkedRecords(database);
        parked.park(record("t2", 0, 5, "second"));
        parked.park(record("t1", 1, 9, "first"));
        parked.park(record("t1", 1, 9, "parked again on a replay"));

        assertThat(parked.count()).isEqualTo(2);
        assertThat(parked.list(10)).extracting(ParkedRecord::id).containsExactly("t1/1/9", "t2/0/5");
        ParkedRecord first = parked.list(10).get(0);
        assertThat(first.reason()).isEqualTo("first");
        assertThat(first.value()).containsExactly('{', (byte) 0xff);
        assertThat(first.key()).isEqualTo("brand:b1");
        assertThat(first.type()).isEqualTo("org.example.Event");
        assertThat(first.headers().get("axon-message-aggregate-seq")).containsExactly(0, 0, 0, 0, 0, 0, 0, 9);
        assertThat(parked.list(1)).hasSize(1);

        assertThat(new MongoParkedRecords(database).count()).as("read back by a new instance").isEqualTo(2);
    }
}
