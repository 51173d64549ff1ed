package org.proxytrunks.address.it;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.proxytrunks.address.AddressServiceApplication;
import org.proxytrunks.embedded.EmbeddedKafkaBroker;
import org.proxytrunks.embedded.SharedTestStack;
import org.proxytrunks.events.Topics;
import org.proxytrunks.testing.RunningService;
import org.proxytrunks.testing.RunningService.Response;
import org.proxytrunks.testing.Tokens;
import org.proxytrunks.testing.TopicReader;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With the broker down, commands are still accepted (the event store is the source of truth);
 * when it returns, each event reaches the topic exactly once, in order.
 */
class KafkaOutageIT {

    @TempDir
    Path data;

    @Test
    void eventsWrittenWhileKafkaIsDownArePublishedOnceWhenItReturns() {
        SharedTestStack stack = SharedTestStack.get();
        try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(data, "127.0.0.1",
                SharedTestStack.freePort(), SharedTestStack.freePort())) {
            broker.start();
            Map<String, Object> properties = RunningService.wiredTo(stack, stack.mongo().connectionString(), "address-kafka-outage");
            properties.put("axon.kafka.bootstrap-servers", broker.bootstrapServers());
            try (RunningService service = RunningService.start(AddressServiceApplication.application(), properties)) {
                assertThat(TopicReader.read(broker.bootstrapServers(), Topics.ADDRESSES, r -> "proxytrunks".equals(r.key()),
                        1, Duration.ofSeconds(60), Duration.ZERO)).as("publishing works before the outage").hasSize(1);

                broker.stop();
                Response created = service.send("POST", "/api/addresses", Tokens.god(), "{\"name\":\"during outage\",\"ip\":\"127.0.0.61\"}");
                assertThat(created.status()).as(created.toString()).isEqualTo(201);
                String id = created.json().get("id").asText();
                Response renamed = service.send("PATCH", "/api/addresses/" + id, Tokens.god(), "{\"name\":\"still during outage\"}");
                assertThat(renamed.status()).as(renamed.toString()).isEqualTo(200);

                broker.start();
                List<ConsumerRecord<String, String>> records = TopicReader.read(broker.bootstrapServers(), Topics.ADDRESSES,
                        r -> id.equals(r.key()), 2, Duration.ofSeconds(120), Duration.ofSeconds(5));
                assertThat(records).extracting(r -> TopicReader.longHeader(r, "axon-message-aggregate-seq"))
                        .as("each aggregate sequence exactly once, in order").containsExactly(0L, 1L);
                assertThat(records.get(0).value()).contains("during outage");
            }
        }
    }
}
