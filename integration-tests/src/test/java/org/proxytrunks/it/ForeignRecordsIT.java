package org.proxytrunks.it;

import org.proxytrunks.testing.Tripwire;
import org.proxytrunks.testing.TripwireState;
import org.junit.jupiter.api.Test;
import org.proxytrunks.embedded.SharedTestStack;
import org.proxytrunks.events.Topics;
import org.proxytrunks.testing.EventWriter;
import org.proxytrunks.testing.RunningService.Response;
import org.proxytrunks.testing.Tokens;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command services' Axon consumers read only the contract's event types from Kafka: a record
 * naming any other class is skipped and counted, the class is never loaded, and the events after
 * it are handled.
 */
class ForeignRecordsIT {



    private static final int KEYS = 40;

    private final Platform platform = Platform.get();
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    /** Publishes a record naming {@code typeName} under many keys, so that every partition of {@code topic} holds one. */
    private static void publishForeign(EventWriter writer, String topic, String typeName, String json, String run) {
        for (int i = 0; i < KEYS; i++) {
            writer.publishRaw(topic, "foreign-" + run + "-" + i, 0, typeName, json.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void aRecordNamingAClassOutsideTheContractIsSkippedCountedNeverLoadedAndTheNextEventIsHandled() throws InterruptedException {
        try (EventWriter writer = new EventWriter(SharedTestStack.get().kafka().bootstrapServers())) {
            publishForeign(writer, Topics.ADDRESSES, Tripwire.NAME, "{}", run);
            publishForeign(writer, Topics.ADDRESSES, "java.net.URL", "\"http://127.0.0.1:1/\"", run);
            publishForeign(writer, Topics.ASSIGNMENTS, Tripwire.NAME, "{}", run);
        }

        String address = platform.addAddress("after foreign records", "127.0.6.1");
        Response brand = platform.defineBrand(Tokens.god(), "foreign-" + run, address);
        assertThat(brand.status()).as("the assignment service learnt of the address after the foreign records: " + brand)
                .isEqualTo(200);
        assertThat(TripwireState.tripped()).as("the class a record named was neither loaded nor constructed").isFalse();

        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (skipped(Topics.ADDRESSES) < 2 * KEYS && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(skipped(Topics.ADDRESSES)).as("every foreign record is counted").isGreaterThanOrEqualTo(2 * KEYS);
    }

    /** The assignment service's count of records skipped on {@code topic}. */
    private double skipped(String topic) {
        String metrics = platform.assignments.send("GET", "/actuator/prometheus", Tokens.service(), null).body();
        return metrics.lines().filter(l -> l.startsWith("proxytrunks_kafka_foreign_records_total")
                        && l.contains("topic=\"" + topic + "\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
