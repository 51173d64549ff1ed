package org.proxytrunks.kamailiosync;

import com.fasterxml.jackson.databind.JsonNode;
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
 * The sync service configured as docker compose configures it, logged in to a broker secured as
 * the compose one ({@link ComposeKafka}) as its own user: its probe reads the topics' bounds, so
 * the feed catches up, and its follower folds the events into the desired state.
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
        Map<String, Object> properties = RunningService.wiredTo(stack, stack.mongo().connectionString(), "sync-compose-login-it");
        properties.put("proxytrunks.kamailio.kafka-bootstrap", kafka.bootstrapServers());
        properties.put("proxytrunks.kamailio.config-directory", directory.resolve("proxytrunks").toString());
        properties.put("proxytrunks.kamailio.tables-directory", directory.resolve("tables").toString());
        properties.putAll(kafka.serviceLogin("kamailio-sync-service"));
        service = RunningService.start(KamailioSyncServiceApplication.application(), properties);
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
        kafka.close();
    }

    @Test
    void theFeedCatchesUpAndFoldsTheEventsAsTheSyncServicesUser() throws Exception {
        String ip = "192.0.2.93";
        publishAsTheAddressService(new AddressAddedEvent(new AddressId("compose-" + UUID.randomUUID()), new AddressName("secured"),
                IpLiteral.parse(ip), null, false));

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode status = service.send("GET", "/api/status", Tokens.god(), null).json();
            assertThat(status.path("feed").path("caughtUp").asBoolean()).as(status.toString()).isTrue();
            assertThat(status.toString()).as("the address folded into the desired state").contains(ip);
        });
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
            producer.send(record).get();
        }
    }
}
