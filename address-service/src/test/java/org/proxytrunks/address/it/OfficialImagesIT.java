package org.proxytrunks.address.it;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.proxytrunks.address.AddressServiceApplication;
import org.proxytrunks.embedded.SharedTestStack;
import org.proxytrunks.events.Topics;
import org.proxytrunks.testing.RunningService;
import org.proxytrunks.testing.RunningService.Response;
import org.proxytrunks.testing.Tokens;
import org.proxytrunks.testing.TopicReader;
import org.testcontainers.containers.MongoDBContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The address service against the official MongoDB and Apache Kafka images, the servers of the
 * production-like stack. Needs a Docker engine; where there is none it is reported as skipped.
 */
@Testcontainers(disabledWithoutDocker = true)
class OfficialImagesIT {

    @Container
    static final MongoDBContainer MONGO = new MongoDBContainer("mongo:7.0.14");

    @Container
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:3.9.1");

    @Test
    void addressLifecycleOnTheOfficialImages() {
        Map<String, Object> properties = RunningService.wiredTo(SharedTestStack.get(), MONGO.getConnectionString(), "addresses");
        properties.put("axon.kafka.bootstrap-servers", KAFKA.getBootstrapServers());
        try (RunningService service = RunningService.start(AddressServiceApplication.application(), properties)) {
            Response created = service.send("POST", "/api/addresses", Tokens.god(), "{\"name\":\"real\",\"ip\":\"192.0.2.71\"}");
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            String id = created.json().get("id").asText();
            assertThat(service.send("PATCH", "/api/addresses/" + id, Tokens.god(), "{\"name\":\"renamed\"}").status()).isEqualTo(200);
            List<ConsumerRecord<String, String>> records = TopicReader.read(KAFKA.getBootstrapServers(), Topics.ADDRESSES,
                    r -> id.equals(r.key()), 2, Duration.ofSeconds(60), Duration.ofSeconds(2));
            assertThat(records).extracting(r -> TopicReader.longHeader(r, "axon-message-aggregate-seq")).containsExactly(0L, 1L);
        }
    }
}
