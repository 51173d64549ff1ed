package org.proxytrunks.support.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.axonframework.extensions.kafka.eventhandling.consumer.ConsumerSeekUtil;
import org.axonframework.extensions.kafka.eventhandling.consumer.DefaultConsumerFactory;
import org.axonframework.extensions.kafka.eventhandling.consumer.streamable.KafkaTrackingToken;
import org.axonframework.extensions.kafka.eventhandling.producer.ConfirmationMode;
import org.axonframework.extensions.kafka.eventhandling.producer.DefaultProducerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.proxytrunks.events.AddressId;
import org.proxytrunks.events.AddressName;
import org.proxytrunks.events.BrandId;
import org.proxytrunks.events.Topics;
import org.proxytrunks.events.address.AddressRenamedEvent;
import org.proxytrunks.events.assignment.BrandRetiredEvent;
import org.proxytrunks.support.axon.TopicProvisioner;
import org.proxytrunks.testing.ComposeKafka;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The docker compose broker's security ({@code compose/kafka}: SASL/SCRAM, the StandardAuthorizer,
 * the ACLs per service) on a broker of this JVM. Each service's own Kafka clients, logged in as
 * its user with the password from its file, do the service's work — create and publish to its
 * topic in transactions, read the other topic, follow both in its consumer groups — and are
 * refused another service's topic, transactional ids and groups.
 */
class SecureKafkaIT {

    private static final Path COMPOSE_KAFKA = Path.of("..", "compose", "kafka");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path directory;

    private static ComposeKafka kafka;

    private final String aggregate = "secure-" + UUID.randomUUID();
    private final List<AutoCloseable> opened = new ArrayList<>();

    @BeforeAll
    static void startTheComposeBroker() {
        kafka = ComposeKafka.start(COMPOSE_KAFKA, directory);
    }

    @AfterAll
    static void stopTheBroker() {
        kafka.close();
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable closeable : opened) {
            closeable.close();
        }
    }

    private static KafkaConnection as(String user) {
        return KafkaSecurity.scram(user, kafka.passwordFile(user).toString()).connection(kafka.bootstrapServers());
    }

    @Test
    void theComposeAclsGiveEachServiceOnlyWhatItsClientsUse() {
        assertThat(kafka.acls()).allSatisfy(acl -> assertThat(acl.entry().principal())
                .isIn("User:address-service", "User:assignment-service", "User:projector-service", "User:kamailio-sync-service"));
        assertThat(kafka.acls()).extracting(acl -> acl.entry().operation())
                .containsOnly(AclOperation.CREATE, AclOperation.WRITE, AclOperation.READ);
        assertThat(kafka.acls()).filteredOn(acl -> acl.entry().principal().equals("User:projector-service"))
                .extracting(acl -> acl.entry().operation()).containsOnly(AclOperation.READ);
    }

    @Test
    void eachServiceDoesItsWorkLoggedInAsItsOwnUser() throws Exception {
        List<String> projected = new CopyOnWriteArrayList<>();
        List<String> synced = new CopyOnWriteArrayList<>();
        String projectorGroup = "projector-g1-" + UUID.randomUUID();
        EventFollower projector = started(EventFollower.builder(as("projector-service"), projectorGroup, "secure-projector",
                event -> mine(event, projected)).commit(true));
        EventFollower sync = started(EventFollower.builder(as("kamailio-sync-service"), "kamailio-sync-" + UUID.randomUUID(),
                "secure-sync", event -> mine(event, synced)));

        provision(as("address-service"), Topics.ADDRESSES);
        provision(as("assignment-service"), Topics.ASSIGNMENTS);
        publishInATransaction(as("address-service"), "address-service-compose-1-", Topics.ADDRESSES,
                new AddressRenamedEvent(new AddressId(aggregate), new AddressName("secured")));
        publishInATransaction(as("assignment-service"), "assignment-service-compose-1-", Topics.ASSIGNMENTS,
                new BrandRetiredEvent(new BrandId(aggregate)));

        assertThat(readWithoutAGroup(as("address-service"), Topics.ASSIGNMENTS, aggregate)).isTrue();
        assertThat(readWithoutAGroup(as("assignment-service"), Topics.ADDRESSES, aggregate)).isTrue();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(projected).containsExactlyInAnyOrder("AddressRenamedEvent", "BrandRetiredEvent");
            assertThat(synced).containsExactlyInAnyOrder("AddressRenamedEvent", "BrandRetiredEvent");
        });
        assertThat(projector.alive()).isTrue();
        assertThat(sync.alive()).isTrue();
        try (Admin admin = Admin.create(kafka.clientProperties("admin"))) {
            Map<?, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(projectorGroup).partitionsToOffsetAndMetadata().get();
            assertThat(committed).isNotEmpty();
        }
    }

    @Test
    void aServiceIsRefusedAnotherServicesTopicTransactionsAndGroups() throws Exception {
        kafka.createTopic(Topics.ADDRESSES);
        kafka.createTopic(Topics.ASSIGNMENTS);

        assertThat(failureOf(() -> publish(as("projector-service"), Topics.ADDRESSES)))
                .isInstanceOf(TopicAuthorizationException.class);
        assertThat(failureOf(() -> publish(as("address-service"), Topics.ASSIGNMENTS)))
                .isInstanceOf(TopicAuthorizationException.class);
        assertThat(causes(failureOf(() -> publishInATransaction(as("address-service"), "assignment-service-1-", Topics.ADDRESSES,
                new AddressRenamedEvent(new AddressId(aggregate), new AddressName("x"))))))
                .hasAtLeastOneElementOfType(TransactionalIdAuthorizationException.class);
        assertThatThrownBy(() -> pollInGroup(as("projector-service"), "kamailio-sync-" + UUID.randomUUID()))
                .isInstanceOf(GroupAuthorizationException.class);
        assertThatThrownBy(() -> pollInGroup(as("address-service"), "projector-g1-" + UUID.randomUUID()))
                .isInstanceOf(GroupAuthorizationException.class);
        try (Admin admin = Admin.create(as("kamailio-sync-service").clientProperties(Map.of()))) {
            assertThat(failureOf(() -> admin.createTopics(List.of(new NewTopic("proxytrunks.rogue", 1, (short) 1))).all().get()))
                    .isInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void aWrongPasswordIsRefused() throws Exception {
        Path wrong = Files.writeString(directory.resolve("wrong-password"), "not-the-password");
        KafkaConnection impostor = KafkaSecurity.scram("address-service", wrong.toString()).connection(kafka.bootstrapServers());

        try (Admin admin = Admin.create(impostor.clientProperties(Map.of()))) {
            assertThat(failureOf(() -> admin.describeCluster().nodes().get())).isInstanceOf(SaslAuthenticationException.class);
        }
    }

    private void mine(EventEnvelope event, List<String> seen) {
        if (aggregate.equals(event.key())) {
            seen.add(event.type());
        }
    }

    private EventFollower started(EventFollower.Builder builder) {
        EventFollower follower = builder.build();
        opened.add(0, follower);
        follower.start();
        return follower;
    }

    /** As the command services create their topic: the provisioner, retried until it is done. */
    private static void provision(KafkaConnection publisher, String topic) {
        TopicProvisioner provisioner = new TopicProvisioner(publisher, List.of(topic), 3, (short) 1);
        provisioner.startInBackground();
        await().atMost(Duration.ofSeconds(30)).until(provisioner::isDone);
    }

    /** As the command services publish: axon-kafka's transactional producer factory, one transaction. */
    private static void publishInATransaction(KafkaConnection publisher, String transactionIdPrefix, String topic, Object event)
            throws Exception {
        DefaultProducerFactory<String, byte[]> producers = DefaultProducerFactory.<String, byte[]>builder()
                .configuration(publisher.clientProperties(Map.of(
                        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                        ProducerConfig.MAX_BLOCK_MS_CONFIG, 5000,
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)))
                .confirmationMode(ConfirmationMode.TRANSACTIONAL)
                .transactionalIdPrefix(transactionIdPrefix)
                .build();
        try (Producer<String, byte[]> producer = producers.createProducer()) {
            producer.beginTransaction();
            producer.send(record(topic, event)).get();
            producer.commitTransaction();
        } finally {
            producers.shutDown();
        }
    }

    /** A plain send, not idempotent: only the topic's ACLs decide (an idempotent producer also needs Write on some topic). */
    private void publish(KafkaConnection publisher, String topic) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(publisher.clientProperties(Map.of(
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000)))) {
            producer.send(record(topic, new BrandRetiredEvent(new BrandId(aggregate)))).get();
        }
    }

    /** A record as the Axon publisher writes it: the aggregate id as key, the event as JSON, its type and sequence in headers. */
    private static ProducerRecord<String, byte[]> record(String topic, Object event) throws Exception {
        String key = event instanceof AddressRenamedEvent renamed ? renamed.addressId().value() : ((BrandRetiredEvent) event).brandId().value();
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, JSON.writeValueAsBytes(event));
        record.headers().add("axon-message-type", event.getClass().getName().getBytes(StandardCharsets.UTF_8));
        record.headers().add("axon-message-aggregate-seq", ByteBuffer.allocate(8).putLong(0).array());
        return record;
    }

    /**
     * As the command services' Axon consumers read: no group, every partition of the topic
     * assigned, from the beginning; whether a record of {@code key} is read within 20 s.
     */
    private static boolean readWithoutAGroup(KafkaConnection reader, String topic, String key) {
        try (Consumer<String, byte[]> consumer = new DefaultConsumerFactory<String, byte[]>(reader.clientProperties(Map.of(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))).createConsumer(null)) {
            ConsumerSeekUtil.seekToCurrentPositions(consumer, KafkaTrackingToken::emptyToken, List.of(topic));
            assertThat(consumer.assignment()).isNotEmpty();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (key.equals(record.key())) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    private static void pollInGroup(KafkaConnection reader, String group) {
        try (KafkaConsumer<String, byte[]> consumer = EventConsumers.create(reader, group)) {
            consumer.subscribe(Set.of(Topics.ADDRESSES));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500));
            }
        }
    }

    private static Throwable failureOf(ThrowingRunnable action) {
        try {
            action.run();
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            return e;
        }
        throw new AssertionError("expected the broker to refuse");
    }

    private static List<Throwable> causes(Throwable failure) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable cause = failure; cause != null && !chain.contains(cause); cause = cause.getCause()) {
            chain.add(cause);
        }
        return chain;
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }
}
