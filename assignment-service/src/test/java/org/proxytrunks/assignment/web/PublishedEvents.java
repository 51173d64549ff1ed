package org.proxytrunks.assignment.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.proxytrunks.embedded.SharedTestStack;
import org.proxytrunks.events.AddressId;
import org.proxytrunks.events.AddressName;
import org.proxytrunks.events.IpLiteral;
import org.proxytrunks.events.Topics;
import org.proxytrunks.events.address.AddressAddedEvent;
import org.proxytrunks.testing.EventWriter;
import org.proxytrunks.testing.RunningService;
import org.proxytrunks.testing.TopicReader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the assignment service published on its topic for the aggregates of one test (those whose
 * key contains the test's tag), in the form a preview lists events, to hold a preview against
 * what the real command published afterwards.
 */
final class PublishedEvents {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Comparator<Event> ORDER = Comparator.comparing(Event::aggregate).thenComparingLong(Event::sequence);

    private final String bootstrap;
    private final String tag;

    PublishedEvents(String bootstrap, String tag) {
        this.bootstrap = bootstrap;
        this.tag = tag;
    }

    /**
     * Properties of an assignment service for these tests: its own database, a short wait for
     * unknown addresses, and a kamailio-sync-service address where nothing listens (a preview
     * then says Kamailio's side is unavailable, as it should when that service is down).
     */
    static Map<String, Object> serviceProperties(SharedTestStack stack, String database) {
        Map<String, Object> properties = RunningService.wiredTo(stack, stack.mongo().connectionString(), database + "-"
                + UUID.randomUUID().toString().substring(0, 8));
        properties.put("proxytrunks.assignment.address-wait", "2s");
        properties.put("proxytrunks.dry-run.kamailio-sync-url", "http://127.0.0.1:" + SharedTestStack.freePort());
        return properties;
    }

    /** Tells the services of new addresses, as the address service would. */
    static void addAddresses(SharedTestStack stack, String... ids) {
        try (EventWriter events = new EventWriter(stack.kafka().bootstrapServers())) {
            for (String id : ids) {
                events.publish(Topics.ADDRESSES, id, 0, new AddressAddedEvent(new AddressId(id), new AddressName(id),
                        IpLiteral.parse("192.0.2.7"), null, false));
            }
        }
    }

    /** An event as a preview lists it and as it is published: type, aggregate (the record key), sequence, payload. */
    record Event(String type, String aggregate, long sequence, JsonNode payload) {

        static Event previewed(JsonNode event) {
            return new Event(event.path("type").asText(), event.path("aggregate").asText(), event.path("sequence").asLong(-1),
                    event.path("payload"));
        }

        static Event published(ConsumerRecord<String, String> record) {
            String type = TopicReader.header(record, "axon-message-type");
            try {
                return new Event(type.substring(type.lastIndexOf('.') + 1), record.key(),
                        TopicReader.longHeader(record, "axon-message-aggregate-seq"), JSON.readTree(record.value()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The events a preview's answer lists ({@code events}), ordered by aggregate and sequence. */
    static List<Event> listed(JsonNode preview) {
        List<Event> events = new ArrayList<>();
        preview.path("events").forEach(event -> events.add(Event.previewed(event)));
        events.sort(ORDER);
        return events;
    }

    /** The types a preview's answer lists, in its order. */
    static List<String> types(JsonNode preview) {
        List<String> types = new ArrayList<>();
        preview.path("events").forEach(event -> types.add(event.path("type").asText()));
        return types;
    }

    /** Everything published so far for this test's aggregates, ordered by aggregate and sequence. */
    List<Event> now() {
        List<Event> events = new ArrayList<>(TopicReader.readToEnd(bootstrap, Topics.ASSIGNMENTS,
                record -> record.key() != null && record.key().contains(tag), WAIT).stream().map(Event::published).toList());
        events.sort(ORDER);
        return events;
    }

    /**
     * Waits until at least {@code count} events beyond {@code before} are published and the
     * topic is quiet, and answers every event beyond {@code before}: more than {@code count} when
     * something else was published too.
     */
    List<Event> awaitNew(List<Event> before, int count) {
        await().atMost(WAIT).until(() -> now().size() >= before.size() + count);
        TopicReader.awaitQuiet(bootstrap, List.of(Topics.ASSIGNMENTS), Duration.ofSeconds(1), WAIT);
        Set<Event> old = new HashSet<>(before);
        return now().stream().filter(event -> !old.contains(event)).toList();
    }

    /** Asserts that nothing beyond {@code before} was published, once the topic is quiet. */
    void assertNothingNewSince(List<Event> before) {
        TopicReader.awaitQuiet(bootstrap, List.of(Topics.ASSIGNMENTS), Duration.ofSeconds(1), WAIT);
        assertThat(now()).as("published for this test's aggregates").isEqualTo(before);
    }
}
