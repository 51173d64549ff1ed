package org.proxytrunks.address.it;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.axonframework.extensions.kafka.eventhandling.consumer.ConsumerFactory;
import org.axonframework.extensions.kafka.eventhandling.consumer.ConsumerSeekUtil;
import org.axonframework.extensions.kafka.eventhandling.consumer.streamable.KafkaTrackingToken;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.proxytrunks.address.AddressServiceApplication;
import org.proxytrunks.embedded.SharedTestStack;
import org.proxytrunks.events.Topics;
import org.proxytrunks.support.kafka.EventConsumers;
import org.proxytrunks.support.kafka.KafkaSecurity;
import org.proxytrunks.testing.ComposeKafka;
import org.proxytrunks.testing.RunningService;
import org.proxytrunks.testing.RunningService.Response;
import org.proxytrunks.testing.Tokens;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The address service configured as docker compose configures it — logged in to a broker secured
 * as the compose one ({@link ComposeKafka}) as its own user, with the settings compose gives it
 * (KAFKA_SECURITY_PROTOCOL, KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD_FILE, a transaction prefix
 * of its own): it creates its topic and publishes its events in transactions, which the
 * projector's user reads, and its Axon consumers read the assignment topic.
 */
class ComposeKafkaLoginIT {

    @TempDir
    static Path directory;

    private static ComposeKafka kafka;
    private static RunningService service;

    @BeforeAll
    static void start() {
        kafka = ComposeKafka.start(Path.of("..", "compose", "kafka"), directory);
        SharedTestStack stack = SharedTestStack.get();
        Map<String, Object> properties = RunningService.wiredTo(stack, stack.mongo().connectionString(), "address-compose-login-it");
        properties.put("axon.kafka.bootstrap-servers", kafka.bootstrapServers());
        properties.put("axon.kafka.producer.transaction-id-prefix", "address-service-it-" + UUID.randomUUID() + "-");
        properties.putAll(kafka.serviceLogin("address-service"));
        service = RunningService.start(AddressServiceApplication.application(), properties);
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
        kafka.close();
    }

    @Test
    void theServiceCreatesItsTopicAndPublishesItsEventsAsItsOwnUser() {
        Response created = service.send("POST", "/api/addresses", Tokens.god(), "{\"name\":\"secured\",\"ip\":\"192.0.2.81\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asText();

        KafkaSecurity projector = KafkaSecurity.scram("projector-service", kafka.passwordFile("projector-service").toString());
        try (KafkaConsumer<String, byte[]> consumer = EventConsumers.create(projector.connection(kafka.bootstrapServers()),
                "projector-g1-" + UUID.randomUUID())) {
            consumer.subscribe(List.of(Topics.ADDRESSES));
            assertThat(readUntil(consumer, record -> id.equals(record.key()))).as("the address's event, read as the projector").isTrue();
        }
    }

    @Test
    void theServicesAxonConsumersLogInAsItsUser() {
        kafka.createTopic(Topics.ASSIGNMENTS);
        @SuppressWarnings("unchecked")
        ConsumerFactory<String, byte[]> consumers = service.context().getBean("axonKafkaConsumerFactory", ConsumerFactory.class);

        try (Consumer<String, byte[]> consumer = consumers.createConsumer(null)) {
            ConsumerSeekUtil.seekToCurrentPositions(consumer, KafkaTrackingToken::emptyToken, List.of(Topics.ASSIGNMENTS));
            assertThat(consumer.assignment()).as("the topic's partitions, as the address service's user sees them").hasSize(3);
            consumer.poll(Duration.ofSeconds(1));
        }
    }

    private static boolean readUntil(Consumer<String, byte[]> consumer, Predicate<ConsumerRecord<String, byte[]>> wanted) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(500)).forEach(seen::add);
            if (seen.stream().anyMatch(wanted)) {
                return true;
            }
        }
        return false;
    }
}
