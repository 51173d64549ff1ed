package org.proxytrunks.address.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
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
import org.proxytrunks.events.address.AddressRetirementStartedEvent;
import org.proxytrunks.support.dryrun.DryRuns;
import org.proxytrunks.support.dryrun.Preview;
import org.proxytrunks.testing.RunningService;
import org.proxytrunks.testing.RunningService.Response;
import org.proxytrunks.testing.Tokens;
import org.proxytrunks.testing.TopicReader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Dry runs ({@code dryRun=true}) over real sockets, against the shared embedded stack: the same
 * answers as the real commands, and nothing stored, published or claimed. No kamailio-sync-service
 * runs here (its address points at a port nobody listens on), so every preview's {@code kamailio}
 * says it is unavailable. The assignment service's side of a removal preview is played by a
 * stand-in ({@link AssignmentStandIn}) on a loopback port: the real one is tested on its own.
 */
class AddressDryRunIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DATABASE = "address-dry-run-it";
    private static RunningService service;
    private static MongoClient mongo;
    private static AssignmentStandIn assignment;

    @BeforeAll
    static void start() {
        SharedTestStack stack = SharedTestStack.get();
        assignment = new AssignmentStandIn();
        Map<String, Object> properties = RunningService.wiredTo(stack, stack.mongo().connectionString(), DATABASE);
        properties.put("proxytrunks.address.removal-wait", "1s");
        properties.put("proxytrunks.dry-run.kamailio-sync-url", "http://127.0.0.1:" + SharedTestStack.freePort());
        properties.put("proxytrunks.dry-run.assignment-service-url", assignment.url());
        properties.put("proxytrunks.dry-run.assignment-timeout", "1s");
        service = RunningService.start(AddressServiceApplication.application(), properties);
        mongo = MongoClients.create(stack.mongo().connectionString());
    }

    @AfterAll
    static void stop() {
        mongo.close();
        service.close();
        assignment.stop();
    }

    private static String addAddress(String name, String ip) {
        Response created = service.send("POST", "/api/addresses", Tokens.god(), "{\"name\":\"" + name + "\",\"ip\":\"" + ip + "\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asText();
    }

    /** The same request with {@code dryRun=true}. */
    private static Response dryRun(String method, String path, String token, String body) {
        return service.send(method, path + (path.contains("?") ? "&" : "?") + "dryRun=true", token, body);
    }

    /** The events of a 200 preview, checked to be one: marked as a dry run, naming no stored event. */
    private static JsonNode previewed(Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        JsonNode preview = response.json();
        assertThat(preview.get("dryRun").asBoolean()).as(response.toString()).isTrue();
        assertThat(preview.get("kamailio").has("unavailable")).as("no kamailio-sync-service here: " + response).isTrue();
        assertThat(response.headers().keySet()).as("nothing was stored to wait for").noneMatch("x-event-position"::equalsIgnoreCase);
        return preview.get("events");
    }

    private static List<String> types(JsonNode events) {
        List<String> types = new ArrayList<>();
        events.forEach(event -> types.add(event.get("type").asText()));
        return types;
    }

    /** The records match the previewed events one for one: type, sequence and payload. */
    private static void assertPublishedAsPreviewed(List<ConsumerRecord<String, String>> records, JsonNode events) throws Exception {
        assertThat(records).hasSize(events.size());
        for (int i = 0; i < records.size(); i++) {
            JsonNode event = events.get(i);
            assertThat(TopicReader.header(records.get(i), "axon-message-type")).endsWith("." + event.get("type").asText());
            assertThat(TopicReader.longHeader(records.get(i), "axon-message-aggregate-seq")).isEqualTo(event.get("sequence").asLong());
            assertThat(records.get(i).key()).isEqualTo(event.get("aggregate").asText());
            assertThat(JSON.readTree(records.get(i).value())).isEqualTo(event.get("payload"));
        }
    }

    /** Every record of the addresses topic so far (committed), keyed {@code aggregateId}. */
    private static List<ConsumerRecord<String, String>> allPublished(String aggregateId) {
        return TopicReader.readToEnd(SharedTestStack.get().kafka().bootstrapServers(), Topics.ADDRESSES,
                r -> aggregateId.equals(r.key()), Duration.ofSeconds(60));
    }

    private static boolean claimed(String ip) {
        return mongo.getDatabase(DATABASE).getCollection("address_ip_claims").countDocuments(Filters.eq("_id", ip)) > 0;
    }

    /**
     * The real call is refused with {@code status} and {@code type}, and the same call as a dry
     * run gets the same problem (all of it but the instance).
     */
    private static void assertRefusedAlike(String method, String path, String token, String body, int status, String type) {
        Response real = service.send(method, path, token, body);
        Response preview = dryRun(method, path, token, body);
        assertThat(real.status()).as("real: " + real).isEqualTo(status);
        assertThat(real.json().get("type").asText()).as(real.toString()).endsWith("/" + type);
        assertThat(preview.status()).as("dry run: " + preview).isEqualTo(status);
        assertThat(preview.contentType()).startsWith("application/problem+json");
        ObjectNode realProblem = (ObjectNode) real.json();
        ObjectNode previewProblem = (ObjectNode) preview.json();
        realProblem.remove("instance");
        previewProblem.remove("instance");
        assertThat(previewProblem).isEqualTo(realProblem);
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

    @Test
    void aPreviewedAddListsItsEventAndHoldsNothing() throws Exception {
        String body = "{\"name\":\"previewed\",\"ip\":\"127.0.0.111\",\"advertisedIp\":\"203.0.113.111\"}";
        JsonNode events = previewed(dryRun("POST", "/api/addresses", Tokens.god(), body));

        assertThat(types(events)).containsExactly("AddressAddedEvent");
        JsonNode added = events.get(0);
        String previewedId = added.get("aggregate").asText();
        assertThat(added.get("sequence").asLong()).isZero();
        assertThat(added.get("payload").get("addressId").asText()).isEqualTo(previewedId);
        assertThat(added.get("payload").get("name").asText()).isEqualTo("previewed");
        assertThat(added.get("payload").get("ip").asText()).isEqualTo("127.0.0.111");
        assertThat(added.get("payload").get("advertisedIp").asText()).isEqualTo("203.0.113.111");
        assertThat(added.get("payload").get("main").asBoolean()).isFalse();
        assertThat(storedEvents(previewedId)).isZero();
        assertThat(claimed("127.0.0.111")).as("no claim written").isFalse();

        // a claim written and left behind by the preview would refuse this for a minute ("being added")
        Response real = service.send("POST", "/api/addresses", Tokens.god(), body);
        assertThat(real.status()).as(real.toString()).isEqualTo(201);
        String id = real.json().get("id").asText();
        assertThat(id).isNotEqualTo(previewedId);
        List<ConsumerRecord<String, String>> records = published(id, 1);
        ObjectNode expected = ((ObjectNode) added.get("payload").deepCopy()).put("addressId", id);
        assertThat(TopicReader.header(records.get(0), "axon-message-type")).isEqualTo(AddressAddedEvent.class.getName());
        assertThat(TopicReader.longHeader(records.get(0), "axon-message-aggregate-seq")).isZero();
        assertThat(JSON.readTree(records.get(0).value())).as("the real add, but for its new id").isEqualTo(expected);
        assertThat(allPublished(previewedId)).as("the preview published nothing").isEmpty();

        Response again = dryRun("POST", "/api/addresses", Tokens.god(), "{\"name\":\"again\",\"ip\":\"127.0.0.111\"}");
        assertThat(again.status()).as("the preview meets the real address's claim: " + again).isEqualTo(409);
        assertThat(again.json().get("existingAddressId").asText()).isEqualTo(id);
    }

    @Test
    void anIpPreviewedForOneAddressCanBeAddedForRealByAnother() {
        previewed(dryRun("POST", "/api/addresses", Tokens.god(), "{\"name\":\"one\",\"ip\":\"127.0.0.115\"}"));
        String other = addAddress("another", "127.0.0.115");
        Response duplicate = dryRun("POST", "/api/addresses", Tokens.god(), "{\"name\":\"one\",\"ip\":\"127.0.0.115\"}");
        assertThat(duplicate.status()).as(duplicate.toString()).isEqualTo(409);
        assertThat(duplicate.json().get("existingAddressId").asText()).isEqualTo(other);
    }

    @Test
    void aPreviewedChangeListsItsEventsInOrderAndTheRealChangeProducesThem() throws Exception {
        String id = addAddress("to change", "127.0.0.121");
        String change = "{\"name\":\"changed\",\"ip\":\"127.0.0.122\",\"advertisedIp\":\"203.0.113.122\"}";

        JsonNode events = previewed(dryRun("PATCH", "/api/addresses/" + id, Tokens.god(), change));

        assertThat(types(events)).containsExactly("AddressRenamedEvent", "AddressIpChangedEvent", "AddressAdvertisedIpChangedEvent");
        assertThat(events).extracting(e -> e.get("sequence").asLong()).containsExactly(1L, 2L, 3L);
        assertThat(events.get(1).get("payload").get("ip").asText()).isEqualTo("127.0.0.122");
        assertThat(events.get(1).get("payload").get("previousIp").asText()).isEqualTo("127.0.0.121");
        assertThat(events.get(2).get("payload").get("advertisedIp").asText()).isEqualTo("203.0.113.122");
        assertThat(storedEvents(id)).isEqualTo(1);
        assertThat(claimed("127.0.0.122")).as("the new IP is not held").isFalse();
        Response taken = service.send("POST", "/api/addresses", Tokens.god(), "{\"name\":\"old ip\",\"ip\":\"127.0.0.121\"}");
        assertThat(taken.status()).as("the old IP was not let go: " + taken).isEqualTo(409);
        assertThat(previewed(dryRun("PATCH", "/api/addresses/" + id, Tokens.god(), "{\"name\":\"to change\"}")))
                .as("nothing would change").isEmpty();

        Response real = service.send("PATCH", "/api/addresses/" + id, Tokens.god(), change);
        assertThat(real.status()).as(real.toString()).isEqualTo(200);
        assertThat(published(id, 4)).hasSize(4);
        List<ConsumerRecord<String, String>> records = allPublished(id);
        assertThat(TopicReader.header(records.get(0), "axon-message-type")).isEqualTo(AddressAddedEvent.class.getName());
        assertPublishedAsPreviewed(records.subList(1, records.size()), events);
    }

    @Test
    void dryRunsMeetTheRealCallsRefusals() {
        String god = Tokens.god();
        String id = addAddress("refusals", "127.0.0.131");
        String fallback = addAddress("refusals fallback", "127.0.0.132");
        String retiring = addAddress("refusals retiring", "127.0.0.133");
        assertThat(service.send("DELETE", "/api/addresses/" + retiring, god, null).status())
                .as("no assignment side answers over Kafka here: the address stays RETIRING").isEqualTo(202);

        assertRefusedAlike("POST", "/api/addresses", god, "{\"name\":\"bad\",\"ip\":\"999.1.1.1\"}", 400, "invalid-request");
        Response badIp = dryRun("POST", "/api/addresses", god, "{\"name\":\"bad\",\"ip\":\"999.1.1.1\"}");
        assertThat(badIp.json().get("errors").get(0).get("field").asText()).isEqualTo("ip");
        assertRefusedAlike("PATCH", "/api/addresses/" + id, god, "{\"advertisedIp\":\"224.0.0.1\"}", 400, "invalid-request");
        assertRefusedAlike("POST", "/api/addresses", god, "{\"name\":\"dup\",\"ip\":\"127.0.0.131\"}", 409, "duplicate-ip");
        assertRefusedAlike("PATCH", "/api/addresses/" + fallback, god, "{\"ip\":\"127.0.0.131\"}", 409, "duplicate-ip");
        assertRefusedAlike("PATCH", "/api/addresses/proxytrunks", god, "{\"name\":\"edge\"}", 409, "main-address-protected");
        assertRefusedAlike("PATCH", "/api/addresses/never-added", god, "{\"name\":\"x\"}", 404, "address-not-found");
        assertRefusedAlike("PATCH", "/api/addresses/Not_An_Id", god, "{\"name\":\"x\"}", 404, "address-not-found");
        assertRefusedAlike("DELETE", "/api/addresses/never-added", god, null, 404, "address-not-found");
        assertRefusedAlike("PATCH", "/api/addresses/" + retiring, god, "{\"name\":\"x\"}", 409, "address-retiring");
        assertRefusedAlike("DELETE", "/api/addresses/proxytrunks", god, null, 409, "main-address-protected");
        assertRefusedAlike("DELETE", "/api/addresses/" + id + "?moveProvidersTo=" + id, god, null, 400, "invalid-request");
        assertRefusedAlike("DELETE", "/api/addresses/" + id + "?moveProvidersTo=Not%20An%20Id", god, null, 400, "invalid-request");
        assertRefusedAlike("DELETE", "/api/addresses/" + id + "?moveProvidersTo=never-added", god, null, 404, "fallback-not-found");
        assertRefusedAlike("DELETE", "/api/addresses/" + id + "?moveProvidersTo=" + retiring, god, null, 409, "fallback-retiring");
        assertRefusedAlike("DELETE", "/api/addresses/" + retiring + "?moveProvidersTo=" + fallback, god, null, 409, "address-retiring");
        for (String token : List.of(Tokens.brandAdmin("b1"), Tokens.service())) {
            assertRefusedAlike("POST", "/api/addresses", token, "{\"name\":\"x\",\"ip\":\"127.0.0.134\"}", 403, "forbidden");
            assertRefusedAlike("PATCH", "/api/addresses/" + id, token, "{\"name\":\"x\"}", 403, "forbidden");
            assertRefusedAlike("DELETE", "/api/addresses/" + id, token, null, 403, "forbidden");
        }
        assertThat(service.send("POST", "/api/addresses?dryRun=maybe", god, "{\"name\":\"x\",\"ip\":\"127.0.0.134\"}").json()
                .get("errors").get(0).get("field").asText()).isEqualTo("dryRun");

        for (String refused : List.of(id, retiring, "proxytrunks", "never-added")) {
            assertThat(assignment.requestsFor(refused)).as("every refusal comes before the assignment side is asked").isEmpty();
        }
        assertThat(service.send("PATCH", "/api/addresses/" + id, god, "{\"name\":\"refusals\"}").json().get("state").asText())
                .isEqualTo("ACTIVE");
    }

    /**
     * A removal already under way is not previewed: a real DELETE would join it (202 while it
     * runs), so the preview is refused as any other change of a retiring address is, and the
     * assignment side is not asked.
     */
    @Test
    void aRemovalUnderWayIsNotPreviewed() {
        String id = addAddress("under way", "127.0.0.141");
        assertThat(service.send("DELETE", "/api/addresses/" + id, Tokens.god(), null).status()).isEqualTo(202);

        Response preview = dryRun("DELETE", "/api/addresses/" + id, Tokens.god(), null);

        assertThat(preview.status()).as(preview.toString()).isEqualTo(409);
        assertThat(preview.json().get("type").asText()).endsWith("/address-retiring");
        assertThat(assignment.requestsFor(id)).isEmpty();
        assertThat(service.send("DELETE", "/api/addresses/" + id, Tokens.god(), null).status())
                .as("the real DELETE still joins the round").isEqualTo(202);
    }

    @Test
    void aRemovalPreviewAsksTheAssignmentSideAndEndsWithTheRemoval() throws Exception {
        String god = Tokens.god();
        String id = addAddress("removal previewed", "127.0.0.151");
        String fallback = addAddress("removal fallback", "127.0.0.152");
        assignment.answer(AssignmentStandIn.Mode.ACCEPT);

        JsonNode events = previewed(dryRun("DELETE", "/api/addresses/" + id + "?moveProvidersTo=" + fallback, god, null));

        assertThat(types(events)).containsExactly("AddressRetirementStartedEvent", "ProviderAddressSetEvent",
                "AddressRetirementConfirmedEvent", "AddressRemovedEvent");
        JsonNode started = events.get(0);
        assertThat(started.get("aggregate").asText()).isEqualTo(id);
        assertThat(started.get("sequence").asLong()).isEqualTo(1);
        assertThat(started.get("payload").get("fallbackAddressId").asText()).isEqualTo(fallback);
        assertThat(events.get(1).get("payload").get("addressId").asText()).as("the stand-in's move, included").isEqualTo(fallback);
        assertThat(events.get(2).get("payload").get("round").asLong()).as("the round asked about").isEqualTo(1);
        assertThat(events.get(3).get("aggregate").asText()).isEqualTo(id);
        assertThat(events.get(3).get("sequence").asLong()).isEqualTo(2);
        assertThat(events.get(3).get("payload").get("ip").asText()).isEqualTo("127.0.0.151");

        AssignmentStandIn.Request asked = assignment.requestsFor(id).get(0);
        assertThat(asked.method()).isEqualTo("POST");
        assertThat(asked.query()).isEqualTo("round=1&moveProvidersTo=" + fallback);
        assertThat(asked.authorization()).as("asked on the caller's behalf").isEqualTo("Bearer " + god);

        assertThat(service.send("GET", "/api/addresses/" + id + "/removal", god, null).json().get("status").asText())
                .isEqualTo("NOT_REQUESTED");
        assertThat(storedEvents(id)).isEqualTo(1);
        assertThat(claimed("127.0.0.151")).as("the IP was not let go").isTrue();
        Response changed = service.send("PATCH", "/api/addresses/" + id, god, "{\"name\":\"still here\"}");
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        assertThat(changed.json().get("state").asText()).isEqualTo("ACTIVE");
        assertThat(published(id, 2)).extracting(r -> TopicReader.header(r, "axon-message-type"))
                .containsExactly(AddressAddedEvent.class.getName(), AddressRenamedEvent.class.getName());
    }

    @Test
    void theRealRemovalStartsAsItsPreviewDid() throws Exception {
        String id = addAddress("removal then real", "127.0.0.155");
        assignment.answer(AssignmentStandIn.Mode.ACCEPT);
        JsonNode events = previewed(dryRun("DELETE", "/api/addresses/" + id, Tokens.god(), null));
        assertThat(types(events)).containsExactly("AddressRetirementStartedEvent", "AddressRetirementConfirmedEvent",
                "AddressRemovedEvent");
        assertThat(assignment.requestsFor(id).get(0).query()).as("a plain removal names no fallback").isEqualTo("round=1");

        assertThat(service.send("DELETE", "/api/addresses/" + id, Tokens.god(), null).status())
                .as("no assignment side answers over Kafka here").isEqualTo(202);
        List<ConsumerRecord<String, String>> records = published(id, 2);
        assertThat(TopicReader.header(records.get(1), "axon-message-type")).isEqualTo(AddressRetirementStartedEvent.class.getName());
        assertPublishedAsPreviewed(records.subList(1, 2), JSON.createArrayNode().add(events.get(0)));
        assertThat(allPublished(id)).hasSize(2);
    }

    @Test
    void aRemovalTheAssignmentSideWouldRefuseIsTheRealRefusal() {
        String id = addAddress("removal refused", "127.0.0.161");
        assignment.answer(AssignmentStandIn.Mode.REFUSE);

        Response refused = dryRun("DELETE", "/api/addresses/" + id, Tokens.god(), null);

        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.json().get("type").asText()).endsWith("/address-in-use");
        assertThat(refused.json().get("title").asText()).isEqualTo("Address in use");
        assertThat(refused.json().get("reasons")).extracting(JsonNode::asText)
                .containsExactly(AssignmentStandIn.REASONS.toArray(String[]::new));
        assertThat(refused.json().get("detail").asText()).contains(AssignmentStandIn.REASONS.get(0));
        assertThat(service.send("PATCH", "/api/addresses/" + id, Tokens.god(), "{\"name\":\"kept\"}").json().get("state").asText())
                .isEqualTo("ACTIVE");
        assertThat(storedEvents(id)).isEqualTo(2);
    }

    @Test
    void aRemovalCannotBePreviewedWithoutTheAssignmentSide() {
        String id = addAddress("removal unavailable", "127.0.0.171");
        Map<AssignmentStandIn.Mode, String> why = Map.of(AssignmentStandIn.Mode.FAIL, "it answered 500",
                AssignmentStandIn.Mode.GARBLE, "its answer could not be read", AssignmentStandIn.Mode.HANG, "did not answer within 1000 ms");
        for (Map.Entry<AssignmentStandIn.Mode, String> mode : why.entrySet()) {
            assignment.answer(mode.getKey());
            assertUnavailable(dryRun("DELETE", "/api/addresses/" + id, Tokens.god(), null), mode.getValue());
        }
        assertUnavailable(withAssignmentDown(() -> dryRun("DELETE", "/api/addresses/" + id, Tokens.god(), null)), "cannot be reached");

        Response changed = service.send("PATCH", "/api/addresses/" + id, Tokens.god(), "{\"name\":\"kept\"}");
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        assertThat(changed.json().get("state").asText()).isEqualTo("ACTIVE");
    }

    @Test
    void theDryRunParameterIsDocumentedOnEveryCommandEndpoint() {
        JsonNode paths = service.send("GET", "/v3/api-docs", Tokens.service(), null).json().get("paths");
        for (JsonNode operation : List.of(paths.at("/~1api~1addresses/post"), paths.at("/~1api~1addresses~1{id}/patch"),
                paths.at("/~1api~1addresses~1{id}/delete"))) {
            List<JsonNode> dryRun = new ArrayList<>();
            operation.path("parameters").forEach(p -> {
                if (p.path("name").asText().equals("dryRun")) {
                    dryRun.add(p);
                }
            });
            assertThat(dryRun).as(operation.toString()).hasSize(1);
            assertThat(dryRun.get(0).get("in").asText()).isEqualTo("query");
            assertThat(dryRun.get(0).at("/schema/type").asText()).isEqualTo("boolean");
            assertThat(dryRun.get(0).get("description").asText()).contains("nothing is stored or published");
            assertThat(operation.at("/responses/200/description").asText()).as(operation.toString()).contains("dryRun=true");
        }
        assertThat(paths.at("/~1api~1addresses~1{id}/delete/responses/503").isMissingNode()).isFalse();
    }

    private static void assertUnavailable(Response response, String why) {
        assertThat(response.status()).as(response.toString()).isEqualTo(503);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("type").asText()).endsWith("/removal-preview-unavailable");
        assertThat(response.json().get("detail").asText()).contains("cannot preview the removal now").contains(why);
    }

    /** Runs {@code call} with nothing listening where the assignment service is expected. */
    private static Response withAssignmentDown(Supplier<Response> call) {
        int port = assignment.port();
        assignment.stop();
        try {
            return call.get();
        } finally {
            assignment = new AssignmentStandIn(port);
        }
    }

    /**
     * Plays the assignment service's side of a removal preview ({@code POST
     * /api/addresses/{id}/retirement-preview?round=&moveProvidersTo=}), as its contract says it
     * answers, and records what it was asked.
     */
    static final class AssignmentStandIn {

        static final List<String> REASONS = List.of("carrier c1 of brand b1 uses the address", "it is the last address of brand b2");

        enum Mode { ACCEPT, REFUSE, FAIL, GARBLE, HANG }

        record Request(String method, String path, String query, String authorization) {
        }

        private final HttpServer server;
        private final List<Request> requests = new CopyOnWriteArrayList<>();
        private volatile Mode mode = Mode.ACCEPT;

        AssignmentStandIn() {
            this(0);
        }

        AssignmentStandIn(int port) {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.setExecutor(Executors.newCachedThreadPool(task -> {
                Thread thread = new Thread(task, "assignment-stand-in");
                thread.setDaemon(true);
                return thread;
            }));
            server.createContext("/api/addresses/", this::handle);
            server.start();
        }

        int port() {
            return server.getAddress().getPort();
        }

        String url() {
            return "http://127.0.0.1:" + port();
        }

        void answer(Mode next) {
            mode = next;
        }

        List<Request> requestsFor(String addressId) {
            return requests.stream().filter(r -> r.path().equals("/api/addresses/" + addressId + "/retirement-preview")).toList();
        }

        void stop() {
            server.stop(0);
        }

        private void handle(HttpExchange exchange) throws IOException {
            String path = exchange.getRequestURI().getPath();
            String query = exchange.getRequestURI().getRawQuery();
            requests.add(new Request(exchange.getRequestMethod(), path, query, exchange.getRequestHeaders().getFirst("Authorization")));
            String addressId = path.replaceAll("^/api/addresses/([^/]+)/retirement-preview$", "$1");
            Map<String, String> parameters = new HashMap<>();
            for (String pair : query == null ? new String[0] : query.split("&")) {
                parameters.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
            }
            ObjectNode answer = JSON.createObjectNode();
            int status = 200;
            switch (mode) {
                case ACCEPT -> {
                    answer.put("accepted", true).putArray("reasons");
                    ArrayNode events = answer.putArray("events");
                    String fallback = parameters.get("moveProvidersTo");
                    if (fallback != null) {
                        events.addObject().put("type", "ProviderAddressSetEvent").put("aggregate", "b1").put("sequence", 7)
                                .putObject("payload").put("brandId", "b1").put("kind", "CARRIER").put("providerId", "c1")
                                .put("addressId", fallback).put("previousAddressId", addressId);
                    }
                    events.addObject().put("type", "AddressRetirementConfirmedEvent").put("aggregate", addressId).put("sequence", 3)
                            .putObject("payload").put("addressId", addressId).put("round", Long.parseLong(parameters.get("round")));
                }
                case REFUSE -> {
                    answer.put("accepted", false).putArray("events");
                    REASONS.forEach(answer.putArray("reasons")::add);
                }
                case FAIL -> status = 500;
                case GARBLE -> {
                    respond(exchange, 200, "{\"accepted\": tru".getBytes(StandardCharsets.UTF_8));
                    return;
                }
                case HANG -> {
                    try {
                        TimeUnit.SECONDS.sleep(3);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
            respond(exchange, status, JSON.writeValueAsBytes(answer));
        }

        /** Answers on a connection closed after it, so that no client keeps one to a stand-in that is stopped. */
        private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.getResponseHeaders().add("Connection", "close");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        }
    }
}
