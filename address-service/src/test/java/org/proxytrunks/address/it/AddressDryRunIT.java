package org.proxytrunks.address.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.proxytrunks.address.AddressServiceApplication;
import org.proxytrunks.address.command.Commands.ChangeAddressCommand;
import org.proxytrunks.embedded.SharedTestStack;
import org.proxytrunks.events.AddressId;
import org.proxytrunks.events.AddressName;
import org.proxytrunks.events.Topics;
import org.proxytrunks.events.address.AddressAddedEvent;
import org.proxytrunks.events.address.AddressRenamedEvent;
import org.proxytrunks.support.dryrun.DryRuns;
import org.proxytrunks.support.dryrun.Preview;
import org.proxytrunks.testing.RunningService;
import org.proxytrunks.testing.RunningService.Response;
import org.proxytrunks.testing.Tokens;
import org.proxytrunks.testing.TopicReader;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Dry runs ({@code dryRun=true}) over real sockets, against the shared embedded stack: the same
 * answers as the real commands, and nothing stored, published or claimed. No kamailio-sync-service
 * runs here (its address points at a port nobody listens on), so every preview's {@code kamailio}
 * says it is unavailable.
 */
class AddressDryRunIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DATABASE = "address-dry-run-it";
    private static RunningService service;
    private static MongoClient mongo;

    @BeforeAll
    static void start() {
        SharedTestStack stack = SharedTestStack.get();
        Map<String, Object> properties = RunningService.wiredTo(stack, stack.mongo().connectionString(), DATABASE);
        properties.put("proxytrunks.address.removal-wait", "1s");
        properties.put("proxytrunks.dry-run.kamailio-sync-url", "http://127.0.0.1:" + SharedTestStack.freePort());
        service = RunningService.start(AddressServiceApplication.application(), properties);
        mongo = MongoClients.create(stack.mongo().connectionString());
    }

    @AfterAll
    static void stop() {
        mongo.close();
        service.close();
    }

    private static String addAddress(String name, String ip) {
        Response created = service.send("POST", "/api/addresses", Tokens.god(), "{\"name\":\"" + name + "\",\"ip\":\"" + ip + "\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asText();
    }

    private static long storedEvents(String aggregateId) {
        return mongo.getDatabase(DATABASE).getCollection("domainevents").countDocuments(Filters.eq("aggregateIdentifier", aggregateId));
    }

    /** The records of {@code aggregateId} on the addresses topic, once at least {@code expected} are there. */
    private static List<ConsumerRecord<String, String>> published(String aggregateId, int expected) {
        return TopicReader.read(SharedTestStack.get().kafka().bootstrapServers(), Topics.ADDRESSES,
                r -> aggregateId.equals(r.key()), expected, Duration.ofSeconds(60), Duration.ofSeconds(1));
    }

    /**
     * The shared support itself ({@link DryRuns}, the event store that records what a preview
     * applied), used without the endpoints: a previewed rename lists its event with the sequence
     * it would have, stores and publishes nothing, and leaves the aggregate as it was, unlocked,
     * for the next real command on another thread (which, renaming to the same name, would
     * otherwise be a no-op).
     */
    @Test
    void thePreviewSupportRollsACommandBackAndReportsItsEvents() throws Exception {
        String id = addAddress("support", "127.0.0.101");
        assertThat(published(id, 1)).hasSize(1);
        DryRuns dryRuns = service.context().getBean(DryRuns.class);
        CommandGateway commands = service.context().getBean(CommandGateway.class);
        ChangeAddressCommand rename = new ChangeAddressCommand(new AddressId(id), new AddressName("support renamed"), null);

        Preview preview = dryRuns.preview(() -> commands.sendAndWait(rename));

        assertThat(preview.dryRun()).isTrue();
        assertThat(preview.events()).hasSize(1);
        assertThat(preview.events().get(0).type()).isEqualTo("AddressRenamedEvent");
        assertThat(preview.events().get(0).aggregate()).isEqualTo(id);
        assertThat(preview.events().get(0).sequence()).isEqualTo(1);
        assertThat(preview.events().get(0).payload().get("name").asText()).isEqualTo("support renamed");
        assertThat(preview.kamailio().has("unavailable")).as(preview.kamailio().toString()).isTrue();
        assertThat(storedEvents(id)).as("nothing stored").isEqualTo(1);

        Response renamed = service.send("PATCH", "/api/addresses/" + id, Tokens.god(), "{\"name\":\"support renamed\"}");
        assertThat(renamed.status()).as("not blocked by a lock the preview kept: " + renamed).isEqualTo(200);
        assertThat(storedEvents(id)).as("the real rename is not a no-op: the preview left the aggregate unchanged").isEqualTo(2);
        List<ConsumerRecord<String, String>> records = published(id, 2);
        assertThat(records).as("the preview published nothing before the real rename")
                .extracting(r -> TopicReader.header(r, "axon-message-type"))
                .containsExactly(AddressAddedEvent.class.getName(), AddressRenamedEvent.class.getName());
        assertThat(TopicReader.longHeader(records.get(1), "axon-message-aggregate-seq")).isEqualTo(1L);
        JsonNode real = JSON.readTree(records.get(1).value());
        assertThat(real).isEqualTo(preview.events().get(0).payload());
    }
}
