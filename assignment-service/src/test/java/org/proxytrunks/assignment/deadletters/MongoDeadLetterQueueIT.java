package org.proxytrunks.assignment.deadletters;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.eventhandling.deadletter.MongoSequencedDeadLetterQueue;
import org.axonframework.messaging.deadletter.Cause;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.Decisions;
import org.axonframework.messaging.deadletter.EnqueueDecision;
import org.axonframework.messaging.deadletter.GenericDeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.proxytrunks.embedded.SharedTestStack;
import org.proxytrunks.events.AddressId;
import org.proxytrunks.events.AddressName;
import org.proxytrunks.events.address.AddressRenamedEvent;
import org.proxytrunks.support.axon.deadletter.ParkEachEventOnce;
import org.proxytrunks.support.axon.deadletter.ParkWithTheFailure;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dead-letter queue the command services use (axon-mongo's, as service-support's
 * {@code DeadLetterQueueModule} builds it) on the embedded MongoDB-protocol server, which answers
 * some queries differently from MongoDB: a sequence keeps its order through failed retries, which
 * update its letters without adding any, a new queue on the same database (a restart) finds what
 * the old one parked, and events are parked behind a sequence only when it is parked. With
 * {@link ParkEachEventOnce} around it, as in the services, an event read again after a restart
 * is not parked twice, and with the services' {@link ParkWithTheFailure} policy a retry that
 * fails again keeps the failure's type.
 */
class MongoDeadLetterQueueIT {

    private static final String GROUP = "some-group";

    private final MongoClient client = MongoClients.create(SharedTestStack.get().mongo().connectionString());
    private final DefaultMongoTemplate mongo = DefaultMongoTemplate.builder()
            .mongoDatabase(client, "dead-letter-queue-" + UUID.randomUUID()).build();
    private final SequencedDeadLetterQueue<EventMessage<?>> queue = queue(GROUP);
    private final List<String> handled = new ArrayList<>();

    @AfterEach
    void close() {
        client.close();
    }

    @Test
    void aSequenceIsRetriedInOrderAfterFailedRetriesWhileOthersWait() {
        park("a", 0, new IllegalStateException("first failure"));
        park("a", 1, null);
        park("a", 2, null);
        park("b", 0, new IllegalStateException("other failure"));

        assertThat(processSequence("a", event -> Decisions.requeue(new IllegalStateException("still failing")))).isFalse();
        assertThat(processSequence("a", event -> Decisions.requeue(new IllegalStateException("still failing")))).isFalse();
        assertThat(handled).isEmpty();
        assertThat(causeOfFirst("a")).isEqualTo("still failing");
        assertThat(queue.size()).as("a failed retry updates the letter, it adds none").isEqualTo(4);
        assertThat(queue.amountOfSequences()).isEqualTo(2);
        assertThat(sequenceNumbers("a")).containsExactly(0L, 1L, 2L);

        assertThat(processSequence("a", event -> Decisions.evict())).isTrue();
        assertThat(handled).containsExactly("a 0", "a 1", "a 2");
        assertThat(queue.contains("a")).isFalse();
        assertThat(queue.size()).isEqualTo(1);
        assertThat(queue.contains("b")).isTrue();
    }

    @Test
    void aSequenceStopsAtTheEventThatFailsAgainKeepingTheRestBehindIt() {
        park("a", 0, new IllegalStateException("first failure"));
        park("a", 1, null);
        park("a", 2, null);

        assertThat(processSequence("a", event -> sequenceNumber(event) == 1
                ? Decisions.requeue(new IllegalStateException("second fails")) : Decisions.evict())).isFalse();

        assertThat(handled).containsExactly("a 0");
        assertThat(sequenceNumbers("a")).containsExactly(1L, 2L);
        assertThat(causeOfFirst("a")).isEqualTo("second fails");
    }

    @Test
    void aParkedEventReadAgainAfterARestartIsNotParkedTwice() {
        GenericDomainEventMessage<?> first = event("a", 0);
        GenericDomainEventMessage<?> second = event("a", 1);
        queue.enqueue("a", new GenericDeadLetter<>("a", first, new IllegalStateException("first failure")));
        queue.enqueue("a", new GenericDeadLetter<>("a", second));

        SequencedDeadLetterQueue<EventMessage<?>> afterRestart = new ParkEachEventOnce<>(queue(GROUP));
        assertThat(afterRestart.enqueueIfPresent("a", () -> new GenericDeadLetter<>("a", first))).isTrue();
        assertThat(afterRestart.enqueueIfPresent("a", () -> new GenericDeadLetter<>("a", second))).isTrue();
        assertThat(afterRestart.enqueueIfPresent("a", () -> new GenericDeadLetter<>("a", event("a", 2)))).isTrue();

        assertThat(afterRestart.size()).isEqualTo(3);
        assertThat(sequenceNumbers("a")).containsExactly(0L, 1L, 2L);
        assertThat(causeOfFirst("a")).isEqualTo("first failure");
        assertThat(afterRestart.process(letter -> {
            handled.add("a " + sequenceNumber(letter.message()));
            return Decisions.evict();
        })).isTrue();
        assertThat(handled).containsExactly("a 0", "a 1", "a 2");
        assertThat(afterRestart.size()).isZero();
    }

    @Test
    void aRetryThatFailsAgainKeepsTheFailuresTypeAsTheProcessorsReportIt() {
        park("a", 0, new IllegalStateException("first failure"));
        park("a", 1, null);

        // as the processors decide with the services' policy when a retried event fails again
        assertThat(queue.process(letter -> new ParkWithTheFailure().decide(letter,
                new IllegalArgumentException("still failing")))).isFalse();

        Cause cause = queue.deadLetterSequence("a").iterator().next().cause().orElseThrow();
        assertThat(cause.type()).isEqualTo(IllegalArgumentException.class.getName());
        assertThat(cause.message()).isEqualTo("still failing");
        assertThat(queue.size()).isEqualTo(2);
        assertThat(sequenceNumbers("a")).containsExactly(0L, 1L);
    }

    @Test
    void aNewQueueOnTheSameDatabaseFindsWhatWasParked() {
        park("a", 0, new IllegalStateException("first failure"));
        park("a", 1, null);

        SequencedDeadLetterQueue<EventMessage<?>> afterRestart = queue(GROUP);

        assertThat(afterRestart.size()).isEqualTo(2);
        assertThat(afterRestart.amountOfSequences()).isEqualTo(1);
        DeadLetter<? extends EventMessage<?>> first = afterRestart.deadLetterSequence("a").iterator().next();
        assertThat(first.cause().map(Cause::message)).contains("first failure");
        assertThat(first.message().getPayload()).isEqualTo(renamed("a"));
        assertThat(((DomainEventMessage<?>) first.message()).getAggregateIdentifier()).isEqualTo("a");
    }

    @Test
    void eventsAreParkedBehindAParkedSequenceOnlyAndEachGroupHasItsOwnQueue() {
        park("a", 0, new IllegalStateException("first failure"));

        assertThat(queue.enqueueIfPresent("a", () -> new GenericDeadLetter<>("a", event("a", 1)))).isTrue();
        assertThat(queue.enqueueIfPresent("c", () -> new GenericDeadLetter<>("c", event("c", 0)))).isFalse();

        assertThat(sequenceNumbers("a")).containsExactly(0L, 1L);
        assertThat(queue.contains("c")).isFalse();
        assertThat(queue(GROUP + "-other").size()).isZero();
    }

    private SequencedDeadLetterQueue<EventMessage<?>> queue(String group) {
        JacksonSerializer serializer = JacksonSerializer.builder()
                .objectMapper(JsonMapper.builder().findAndAddModules().build()).build();
        return MongoSequencedDeadLetterQueue.<EventMessage<?>>builder()
                .processingGroup(group).mongoTemplate(mongo).serializer(serializer).build();
    }

    private void park(String aggregate, long sequenceNumber, Throwable cause) {
        GenericDomainEventMessage<?> event = event(aggregate, sequenceNumber);
        queue.enqueue(aggregate, cause == null ? new GenericDeadLetter<>(aggregate, event)
                : new GenericDeadLetter<>(aggregate, event, cause));
    }

    /** Processes sequence {@code aggregate}, recording each event {@code decide} lets through. */
    private boolean processSequence(String aggregate, Function<EventMessage<?>, EnqueueDecision<EventMessage<?>>> decide) {
        return queue.process(letter -> aggregateOf(letter.message()).equals(aggregate), letter -> {
            EnqueueDecision<EventMessage<?>> decision = decide.apply(letter.message());
            if (!decision.shouldEnqueue()) {
                handled.add(aggregate + " " + sequenceNumber(letter.message()));
            }
            return decision;
        });
    }

    private List<Long> sequenceNumbers(String aggregate) {
        List<Long> numbers = new ArrayList<>();
        queue.deadLetterSequence(aggregate).forEach(letter -> numbers.add(sequenceNumber(letter.message())));
        return numbers;
    }

    private String causeOfFirst(String aggregate) {
        return queue.deadLetterSequence(aggregate).iterator().next().cause().map(Cause::message).orElse(null);
    }

    private static String aggregateOf(EventMessage<?> event) {
        return ((DomainEventMessage<?>) event).getAggregateIdentifier();
    }

    private static long sequenceNumber(EventMessage<?> event) {
        return ((DomainEventMessage<?>) event).getSequenceNumber();
    }

    private static GenericDomainEventMessage<?> event(String aggregate, long sequenceNumber) {
        return new GenericDomainEventMessage<>("ProxyTrunkAddress", aggregate, sequenceNumber, renamed(aggregate));
    }

    private static AddressRenamedEvent renamed(String aggregate) {
        return new AddressRenamedEvent(new AddressId(aggregate), new AddressName("name of " + aggregate));
    }
}
