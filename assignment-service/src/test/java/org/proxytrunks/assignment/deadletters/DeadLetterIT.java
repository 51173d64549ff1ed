package org.proxytrunks.assignment.deadletters;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.extensions.kafka.eventhandling.KafkaMessageConverter;
import org.axonframework.extensions.kafka.eventhandling.consumer.streamable.KafkaTrackingToken;
import org.axonframework.extensions.kafka.eventhandling.producer.KafkaEventPublisher;
import org.junit.jupiter.api.Test;
import org.proxytrunks.assignment.AssignmentServiceApplication;
import org.proxytrunks.embedded.SharedTestStack;
import org.proxytrunks.events.AddressId;
import org.proxytrunks.events.AddressName;
import org.proxytrunks.events.IpLiteral;
import org.proxytrunks.events.Topics;
import org.proxytrunks.events.address.AddressAddedEvent;
import org.proxytrunks.events.address.AddressRenamedEvent;
import org.proxytrunks.testing.RunningService;
import org.proxytrunks.testing.Tokens;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A poison event (its handler always throws) against the real embedded MongoDB-protocol server
 * and Kafka: it is parked with the events of its aggregate behind it while other aggregates'
 * events go on, the operator sees it in {@code /api/dead-letters}, the gauge and the health,
 * it survives a restart, it is parked once even when the restarted processor reads it again,
 * a retry that fails again keeps it parked as it was, and once the cause is fixed a retry
 * handles it in order.
 */
class DeadLetterIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final SharedTestStack stack = SharedTestStack.get();
    private final String poisoned = "poisoned-" + UUID.randomUUID();
    private final String healthy = "healthy-" + UUID.randomUUID();
    private final Map<String, Object> properties = probeProperties();

    @Test
    void aPoisonEventIsParkedShownAndRetriedWhileOtherAggregatesGoOn() {
        PoisonableProbe.poison(poisoned);
        List<GenericDomainEventMessage<?>> poison = List.of(added(poisoned), renamed(poisoned));
        try (RunningService service = start()) {
            publish(service, List.of(poison.get(0), poison.get(1), added(healthy)));

            await().atMost(WAIT).until(() -> PoisonableProbe.handled().contains(healthy + " added"));
            assertThat(PoisonableProbe.handled()).noneMatch(handled -> handled.startsWith(poisoned));
            await().atMost(WAIT).until(() -> deadLetters(service).path("total").asLong() == 2);
            assertParked(deadLetters(service));
            assertThat(gauge(service)).isEqualTo("2.0");
            assertDegradedHealth(service);
            assertOnlyGodSeesDeadLetters(service);
            assertEventHandlerGroupsAreDeadLetteredButNotThePublisher(service);
        }

        try (RunningService restarted = start()) {
            assertParked(deadLetters(restarted));
            // Kafka delivers at least once: a restarted processor may read parked events again
            // (its stored position need not cover their partition); they stay parked once
            awaitProcessedByTheProbe(restarted, publish(restarted, poison));
            JsonNode beforeRetry = deadLetters(restarted);
            assertParked(beforeRetry);

            RunningService.Response stillFailing = restarted.send("POST", "/api/dead-letters/retry", Tokens.god(), null);
            assertThat(stillFailing.status()).isEqualTo(200);
            assertThat(stillFailing.json().path("handled").asLong()).isZero();
            assertThat(stillFailing.json().path("stillParked").asLong()).isEqualTo(2);
            JsonNode afterFailedRetry = deadLetters(restarted);
            assertParked(afterFailedRetry);
            assertThat(afterFailedRetry.path("items").path(0).path("eventId").asText())
                    .isEqualTo(beforeRetry.path("items").path(0).path("eventId").asText());
            assertThat(Instant.parse(afterFailedRetry.path("items").path(0).path("lastAttempt").asText()))
                    .as("the failed retry touched the letter it tried")
                    .isAfter(Instant.parse(beforeRetry.path("items").path(0).path("lastAttempt").asText()));

            PoisonableProbe.heal();
            RunningService.Response retried = restarted.send("POST", "/api/dead-letters/retry", Tokens.god(), null);
            assertThat(retried.status()).isEqualTo(200);
            assertThat(retried.json().path("handled").asLong()).isEqualTo(2);
            assertThat(retried.json().path("stillParked").asLong()).isZero();
            assertThat(PoisonableProbe.handled()).endsWith(poisoned + " added", poisoned + " renamed");
            assertThat(deadLetters(restarted).path("total").asLong()).isZero();
            assertThat(gauge(restarted)).isEqualTo("0.0");
            RunningService.Response health = restarted.send("GET", "/actuator/health", Tokens.god(), null);
            assertThat(health.json().path("components").path("deadLetters").path("status").asText()).isEqualTo("UP");
        }
    }

    private void assertParked(JsonNode listing) {
        assertThat(listing.path("total").asLong()).isEqualTo(2);
        JsonNode first = listing.path("items").path(0);
        JsonNode second = listing.path("items").path(1);
        assertThat(first.path("processingGroup").asText()).isEqualTo(PoisonableProbe.GROUP);
        assertThat(first.path("sequenceId").asText()).isEqualTo(poisoned);
        assertThat(first.path("aggregateId").asText()).isEqualTo(poisoned);
        assertThat(first.path("eventType").asText()).isEqualTo("AddressAddedEvent");
        assertThat(first.path("sequenceNumber").asLong()).isZero();
        assertThat(first.path("causeType").asText()).isEqualTo(IllegalStateException.class.getName());
        assertThat(first.path("causeMessage").asText()).isEqualTo("poisoned address " + poisoned);
        assertThat(first.path("firstAttempt").isTextual()).isTrue();
        assertThat(first.path("lastAttempt").isTextual()).isTrue();
        assertThat(second.path("sequenceId").asText()).isEqualTo(poisoned);
        assertThat(second.path("eventType").asText()).isEqualTo("AddressRenamedEvent");
        assertThat(second.path("sequenceNumber").asLong()).isEqualTo(1);
        assertThat(second.path("causeType").isNull()).as("parked behind the first, not failed itself").isTrue();
    }

    private static void assertDegradedHealth(RunningService service) {
        RunningService.Response anonymous = service.send("GET", "/actuator/health", null, null);
        assertThat(anonymous.status()).isEqualTo(200);
        assertThat(anonymous.json().path("status").asText()).isEqualTo("DEGRADED");
        RunningService.Response god = service.send("GET", "/actuator/health", Tokens.god(), null);
        JsonNode deadLetters = god.json().path("components").path("deadLetters");
        assertThat(deadLetters.path("status").asText()).isEqualTo("DEGRADED");
        assertThat(deadLetters.path("details").path("processingGroups").path(PoisonableProbe.GROUP).asLong()).isEqualTo(2);
    }

    private static void assertOnlyGodSeesDeadLetters(RunningService service) {
        assertThat(service.send("GET", "/api/dead-letters", Tokens.service(), null).status()).isEqualTo(403);
        assertThat(service.send("POST", "/api/dead-letters/retry", Tokens.brandAdmin("brand-1"), null).status()).isEqualTo(403);
        assertThat(service.send("GET", "/api/dead-letters", null, null).status()).isEqualTo(401);
        RunningService.Response tooMany = service.send("GET", "/api/dead-letters?limit=5000", Tokens.god(), null);
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.contentType()).startsWith("application/problem+json");
        assertThat(tooMany.json().path("errors").path(0).path("field").asText()).isEqualTo("limit");
        assertThat(service.send("GET", "/api/dead-letters?limit=many", Tokens.god(), null).status()).isEqualTo(400);
        JsonNode one = service.send("GET", "/api/dead-letters?limit=1", Tokens.god(), null).json();
        assertThat(one.path("total").asLong()).isEqualTo(2);
        assertThat(one.path("items").size()).isEqualTo(1);
    }

    private static void assertEventHandlerGroupsAreDeadLetteredButNotThePublisher(RunningService service) {
        EventProcessingConfiguration processing = service.context().getBean(EventProcessingConfiguration.class);
        assertThat(processing.deadLetterQueue("address-lifecycle")).isPresent();
        assertThat(processing.deadLetterQueue("address-tracking")).isPresent();
        assertThat(processing.deadLetterQueue(KafkaEventPublisher.DEFAULT_PROCESSING_GROUP)).isEmpty();
    }

    private RunningService start() {
        return RunningService.start(AssignmentServiceApplication.application().sources(PoisonableProbe.class), properties);
    }

    private Map<String, Object> probeProperties() {
        Map<String, Object> all = RunningService.wiredTo(stack, stack.mongo().connectionString(),
                "assignment-dead-letters-" + UUID.randomUUID());
        all.put("axon.eventhandling.processors." + PoisonableProbe.GROUP + ".source", "addressEvents");
        all.put("axon.eventhandling.processors." + PoisonableProbe.GROUP + ".mode", "tracking");
        all.put("proxytrunks.dead-letters.first-pause", "10ms");
        return all;
    }

    private static JsonNode deadLetters(RunningService service) {
        RunningService.Response listing = service.send("GET", "/api/dead-letters", Tokens.god(), null);
        assertThat(listing.status()).as(listing.toString()).isEqualTo(200);
        return listing.json();
    }

    /** The probe group's value of the gauge, as Prometheus shows it. */
    private static String gauge(RunningService service) {
        String scrape = service.send("GET", "/actuator/prometheus", Tokens.god(), null).body();
        return scrape.lines()
                .filter(line -> line.startsWith("proxytrunks_dead_letters{") && line.contains("\"" + PoisonableProbe.GROUP + "\""))
                .map(line -> line.substring(line.lastIndexOf(' ') + 1))
                .findFirst().orElseThrow(() -> new AssertionError("no dead-letter gauge for the probe in\n" + scrape));
    }

    /** Publishes {@code events} on the address topic as the address service would, in order; answers where they went. */
    @SuppressWarnings("unchecked")
    private List<RecordMetadata> publish(RunningService service, List<GenericDomainEventMessage<?>> events) {
        KafkaMessageConverter<String, byte[]> converter = service.context().getBean(KafkaMessageConverter.class);
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            List<Future<RecordMetadata>> sent = events.stream()
                    .map(event -> producer.send(converter.createKafkaMessage(event, Topics.ADDRESSES))).toList();
            producer.flush();
            return sent.stream().map(DeadLetterIT::sent).toList();
        }
    }

    private static RecordMetadata sent(Future<RecordMetadata> record) {
        try {
            return record.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("not published", e);
        }
    }

    /** Waits until the probe's processor has gone past {@code records}. */
    private static void awaitProcessedByTheProbe(RunningService service, List<RecordMetadata> records) {
        StreamingEventProcessor probe = service.context().getBean(EventProcessingConfiguration.class)
                .eventProcessor(PoisonableProbe.GROUP, StreamingEventProcessor.class).orElseThrow();
        await().atMost(WAIT).until(() -> probe.processingStatus().values().stream()
                .map(status -> WrappedToken.unwrap(status.getTrackingToken(), KafkaTrackingToken.class))
                .flatMap(Optional::stream)
                .anyMatch(token -> records.stream().allMatch(record -> token.getPositions()
                        .getOrDefault(new TopicPartition(record.topic(), record.partition()), -1L) >= record.offset())));
    }

    private static GenericDomainEventMessage<?> added(String id) {
        return new GenericDomainEventMessage<>("ProxyTrunkAddress", id, 0,
                new AddressAddedEvent(new AddressId(id), new AddressName("probe " + id.substring(0, 8)),
                        IpLiteral.parse("192.0.2.7"), null, false));
    }

    private static GenericDomainEventMessage<?> renamed(String id) {
        return new GenericDomainEventMessage<>("ProxyTrunkAddress", id, 1,
                new AddressRenamedEvent(new AddressId(id), new AddressName("renamed " + id.substring(0, 8))));
    }
}
