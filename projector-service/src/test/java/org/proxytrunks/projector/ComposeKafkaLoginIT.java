package org.proxytrunks.projector;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.proxytrunks.embedded.SharedTestStack;
import org.proxytrunks.events.AddressId;
import org.proxytrunks.events.AddressName;
import org.proxytrunks.events.IpLiteral;
import org.proxytrunks.events.Topics;
import org.proxytrunks.events.address.AddressAddedEvent;
import org.proxytrunks.testing.ComposeKafka;
import org.proxytrunks.testing.RunningService;
import org.proxytrunks.testing.Tokens;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The projector configured as docker compose configures it, logged in to a broker secured as the
 * compose one ({@link ComposeKafka}) as its own user: its live projection follows the topics in
 * its group, and a replay (its own group, and the end offsets read by its probe) completes.
 */
class ComposeKafkaLoginIT {

    @TempDir
    static Path directory;

    private static ComposeKafka kafka;
    private static RunningService service;

    @BeforeAll
    static void start() {
        kafka = ComposeKafka.start(Path.of("..", "compose", "kafka"), directory);
        kafka.createTopic(Topics.ADDRESSES);
        kafka.createTopic(Topics.ASSIGNMENTS);
        SharedTestStack stack = SharedTestStack.get();
        Map<String, Object> properties = RunningService.wiredTo(stack, stack.mongo().connectionString(), "projector-compose-login-it");
        properties.put("proxytrunks.projector.kafka-bootstrap", kafka.bootstrapServers());
        properties.putAll(kafka.serviceLogin("projector-service"));
        service = RunningService.start(ProjectorServiceApplication.application(), properties);
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
        kafka.close();
    }

    @Test
    void theProjectionAndAReplayReadTheTopicsAsTheProjectorsUser() throws Exception {
        String id = "compose-" + UUID.randomUUID();
        publishAsTheAddressService(new AddressAddedEvent(new AddressId(id), new AddressName("secured"),
                IpLiteral.parse("192.0.2.91"), null, false));

        await().atMost(Duration.ofSeconds(60)).until(() -> service.send("GET", "/api/addresses/" + id, Tokens.god(), null).status() == 200);

        assertThat(service.send("POST", "/api/replay", Tokens.god(), null).status()).isBetween(200, 202);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            var replay = service.send("GET", "/api/replay", Tokens.god(), null).json();
            assertThat(replay.get("state").asText()).as(replay.toString()).isEqualTo("DONE");
            assertThat(replay.get("total").asLong()).as("end offsets read by the replay's probe").isPositive();
        });
        assertThat(service.send("GET", "/api/addresses/" + id, Tokens.god(), null).status()).isEqualTo(200);
    }

    private static void publishAsTheAddressService(AddressAddedEvent event) throws Exception {
        Map<String, Object> settings = new HashMap<>(kafka.clientProperties("address-service"));
        settings.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        settings.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(settings)) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.ADDRESSES, event.addressId().value(),
                    new ObjectMapper().writeValueAsBytes(event));
            record.headers().add("axon-message-type", event.getClass().getName().getBytes(StandardCharsets.UTF_8));
            record.headers().add("axon-message-revision", "1".getBytes(StandardCharsets.UTF_8));
            record.headers().add("axon-message-aggregate-seq", ByteBuffer.allocate(8).putLong(0).array());
            record.headers().add("axon-message-timestamp", ByteBuffer.allocate(8).putLong(System.currentTimeMillis()).array());
            producer.send(record).get();
        }
    }
}
