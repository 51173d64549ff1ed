package org.proxytrunks.projector;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.proxytrunks.embedded.SharedTestStack;
import org.proxytrunks.events.AddressId;
import org.proxytrunks.events.AddressName;
import org.proxytrunks.events.BrandId;
import org.proxytrunks.events.IpLiteral;
import org.proxytrunks.events.Topics;
import org.proxytrunks.events.address.AddressAddedEvent;
import org.proxytrunks.events.assignment.BrandRegisteredEvent;
import org.proxytrunks.testing.EventStream;
import org.proxytrunks.testing.EventStream.Event;
import org.proxytrunks.testing.EventWriter;
import org.proxytrunks.testing.RunningService;
import org.proxytrunks.testing.RunningService.Response;
import org.proxytrunks.testing.Tokens;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code GET /api/changes} over real HTTP connections: a change is told once the read models hold
 * it, a brand admin hears only its own brand, the open streams are bounded, and a stream ends
 * cleanly at its time-out (the asynchronous dispatch that ends it passes the security filters) and
 * when the service stops.
 */
class ChangeStreamIT {

    private static final int MAX_STREAMS = 3;
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Duration HEARTBEAT = Duration.ofMillis(300);
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static RunningService projector;
    private static EventWriter writer;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void start() {
        projector = RunningService.start(ProjectorServiceApplication.application(), properties("projector-changes"));
        writer = new EventWriter(SharedTestStack.get().kafka().bootstrapServers());
    }

    private static Map<String, Object> properties(String database) {
        SharedTestStack stack = SharedTestStack.get();
        Map<String, Object> properties = RunningService.wiredTo(stack, stack.mongo().connectionString(), database);
        properties.put("proxytrunks.projector.max-change-streams", MAX_STREAMS);
        properties.put("proxytrunks.projector.change-stream-heartbeat", HEARTBEAT.toMillis() + "ms");
        properties.put("proxytrunks.projector.change-stream-timeout", TIMEOUT.toMillis() + "ms");
        return properties;
    }

    @AfterAll
    static void stop() {
        writer.close();
        projector.close();
    }

    /** Opens a stream, waiting for a place: the streams another test closed hold theirs until a heartbeat finds them gone. */
    private static EventStream open(RunningService service, String token) {
        EventStream stream = await().atMost(WAIT).until(() -> EventStream.open(service.port(), "GET", "/api/changes", token),
                answer -> answer.status() != 429);
        assertThat(stream.status()).as("opening a stream: " + stream.body()).isEqualTo(200);
        return stream;
    }

    /** The next change the stream tells that matches {@code position}, skipping heartbeats. */
    private static JsonNode change(EventStream stream, String position) throws Exception {
        Event event = stream.await(e -> "change".equals(e.name()) && position.equals(e.id()), WAIT);
        assertThat(event).as("the change " + position + ", in " + stream.lines()).isNotNull();
        return JSON.readTree(event.data());
    }

    private void register(String brand) {
        writer.publish(Topics.ASSIGNMENTS, "brand:" + brand, 0, new BrandRegisteredEvent(new BrandId(brand), List.of()));
    }

    @Test
    void aChangeIsToldOnceTheReadModelsHoldIt() throws Exception {
        String brand = "ch-" + run;
        String address = "ch-addr-" + run;
        try (EventStream stream = open(projector, Tokens.god())) {
            assertThat(stream.contentType()).startsWith("text/event-stream");
            assertThat(stream.next(WAIT)).as("a first line at once").isEqualTo(new Event(null, null, null, "connected"));

            register(brand);
            JsonNode registered = change(stream, "brand:" + brand + ":0");
            Response read = projector.send("GET", "/api/brands/" + brand, Tokens.god(), null);
            assertThat(read.status()).as("read at once, without waitFor: " + read).isEqualTo(200);
            assertThat(registered.toString()).isEqualTo("{\"position\":\"brand:" + brand + ":0\",\"aggregate\":\"brand:" + brand
                    + "\",\"sequence\":0,\"type\":\"BrandRegisteredEvent\",\"brand\":\"" + brand + "\"}");

            writer.publish(Topics.ADDRESSES, address, 0, new AddressAddedEvent(new AddressId(address), new AddressName("changes"),
                    IpLiteral.parse("127.67.0.1"), null, false));
            JsonNode added = change(stream, address + ":0");
            assertThat(projector.send("GET", "/api/addresses/" + address, Tokens.god(), null).status()).isEqualTo(200);
            assertThat(added.get("type").asText()).isEqualTo("AddressAddedEvent");
            assertThat(added.has("brand") && added.get("brand").isNull()).as("an address's change has no brand: " + added).isTrue();
        }
    }

    @Test
    void aBrandAdminHearsOnlyItsOwnBrand() throws Exception {
        String mine = "ch-mine-" + run;
        String other = "ch-other-" + run;
        try (EventStream admin = open(projector, Tokens.brandAdmin(mine)); EventStream god = open(projector, Tokens.god())) {
            register(other);
            change(god, "brand:" + other + ":0");
            register(mine);
            change(god, "brand:" + mine + ":0");
            Event first = admin.await(e -> "change".equals(e.name()), WAIT);
            assertThat(first).as("the admin's first change, in " + admin.lines()).isNotNull();
            assertThat(first.id()).as("told after the other brand's, which it was not told").isEqualTo("brand:" + mine + ":0");
            assertThat(JSON.readTree(first.data()).get("brand").asText()).isEqualTo(mine);
        }
    }

    @Test
    void beyondTheLimitAStreamIsRefusedWithRetryAfter() throws Exception {
        List<EventStream> open = new ArrayList<>();
        try {
            // the other tests' streams are let go once a heartbeat finds their clients gone
            await().atMost(WAIT).untilAsserted(() -> {
                EventStream stream = EventStream.open(projector.port(), "GET", "/api/changes", Tokens.service());
                if (stream.status() == 200) {
                    open.add(stream);
                }
                assertThat(open).hasSize(MAX_STREAMS);
            });
            EventStream refused = EventStream.open(projector.port(), "GET", "/api/changes", Tokens.brandAdmin("ch-" + run));
            assertThat(refused.status()).as(refused.body()).isEqualTo(429);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.headers().get("retry-after")).containsExactly("5");
            assertThat(JSON.readTree(refused.body()).get("detail").asText()).contains(MAX_STREAMS + " change streams");

            EventStream head = EventStream.open(projector.port(), "HEAD", "/api/changes", Tokens.god());
            assertThat(head.status()).as("HEAD opens no stream, so it needs no place").isEqualTo(200);
            assertThat(head.contentType()).startsWith("text/event-stream");
            head.close();

            open.remove(0).close();
            await().atMost(WAIT).untilAsserted(() -> {
                EventStream again = EventStream.open(projector.port(), "GET", "/api/changes", Tokens.god());
                open.add(again);
                assertThat(again.status()).as("a place given back").isEqualTo(200);
            });
        } finally {
            open.forEach(EventStream::close);
        }
    }

    /**
     * The end of a stream is an asynchronous dispatch through the filters, security's included:
     * without the caller's security context on it, it is refused after the stream was committed,
     * which the client cannot see and the server logs as errors ("Unable to handle the Spring
     * Security Exception because the response is already committed"). Seen failing so, with
     * asynchronous dispatches denied in the security configuration.
     */
    @Test
    void aStreamEndsCleanlyAtItsTimeOut() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        root.addAppender(logged);
        long opened = System.nanoTime();
        try (EventStream stream = open(projector, Tokens.brandAdmin("ch-" + run))) {
            assertThat(stream.awaitEnd(TIMEOUT.multipliedBy(3))).as("ended by the service: " + stream.lines()).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - opened)).isGreaterThan(TIMEOUT.minusSeconds(1));
            List<String> lines = stream.lines();
            assertThat(lines).as("heartbeats all along").filteredOn(line -> line.matches(": ?heartbeat")).hasSizeGreaterThan(5);
            assertThat(lines).as("nothing but comments, and no error written into the stream")
                    .allMatch(line -> line.isEmpty() || line.startsWith(":"));
        } finally {
            root.detachAppender(logged);
        }
        assertThat(logged.list).as("errors served while the stream ended")
                .filteredOn(event -> event.getLevel().isGreaterOrEqual(Level.ERROR) && !event.getLoggerName().contains("kafka"))
                .extracting(ILoggingEvent::getFormattedMessage).isEmpty();
        Response after = projector.send("GET", "/api/brands?size=1", Tokens.god(), null);
        assertThat(after.status()).isEqualTo(200);
    }

    @Test
    void stoppingTheServiceEndsItsStreamsAtOnce() throws Exception {
        RunningService stopping = RunningService.start(ProjectorServiceApplication.application(), properties("projector-changes-stop"));
        EventStream stream = open(stopping, Tokens.god());
        long closing = System.nanoTime();
        stopping.close();
        assertThat(Duration.ofNanos(System.nanoTime() - closing)).as("not waited for by the graceful shutdown")
                .isLessThan(Duration.ofSeconds(8));
        assertThat(stream.awaitEnd(WAIT)).isTrue();
        stream.close();
    }
}
