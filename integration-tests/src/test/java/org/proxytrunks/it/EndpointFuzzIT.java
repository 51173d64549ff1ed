package org.proxytrunks.it;

import com.fasterxml.jackson.databind.JsonNode;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;
import net.jqwik.api.statistics.Statistics;
import org.proxytrunks.events.AddressId;
import org.proxytrunks.events.IpLiteral;
import org.proxytrunks.it.HostileRequests.Caller;
import org.proxytrunks.it.HostileRequests.Fuzz;
import org.proxytrunks.it.HostileRequests.Json;
import org.proxytrunks.it.HostileRequests.JsonExisting;
import org.proxytrunks.it.HostileRequests.JsonList;
import org.proxytrunks.it.HostileRequests.JsonText;
import org.proxytrunks.it.HostileRequests.Service;
import org.proxytrunks.it.HostileRequests.Shaped;
import org.proxytrunks.it.HostileRequests.World;
import org.proxytrunks.kamailiosync.render.KamailioFiles;
import org.proxytrunks.testing.DbTextTable;
import org.proxytrunks.testing.RunningService;
import org.proxytrunks.testing.RunningService.Response;
import org.proxytrunks.testing.ShippedKamailioCheck;
import org.proxytrunks.testing.Tokens;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Hostile input at every endpoint of the four services (the sync service runs without a Kamailio:
 * its XML-RPC is a port nothing listens on, and nothing restarts Kamailio), over raw sockets: path
 * variables, query parameters and bodies from {@link HostileRequests}, as God, as a brand admin
 * and with refused tokens; and, in a second property, the commands the contract accepts with
 * values as odd as it allows (at least 30% of them must be accepted). For every answer:
 * <ul>
 * <li>never a 5xx, but the documented 503 (with {@code Retry-After}) of a {@code waitFor}
 *     position the read models do not reach in time;</li>
 * <li>every 4xx is {@code application/problem+json} with a title and its status, and a field
 *     error names only fields the request sent;</li>
 * <li>a request whose only fault is an input the contract refuses is a 400 naming it, and such
 *     a request is never accepted;</li>
 * <li>a body over the limit is 413;</li>
 * <li>an accepted command reads back from the projector as it was sent, at the position its
 *     answer names.</li>
 * </ul>
 * After the fuzz, the sync service's listener files for the addresses that are left pass
 * {@code kamailio -c} on the shipped configuration listening on exactly them (where Kamailio is
 * installed). {@link #everyRequestMappingIsFuzzed} fails on an endpoint the fuzz does not know.
 *
 * <p>Addresses, brands and providers the requests name are those the fuzz made, by position
 * ({@link World}); a retired brand is replaced by a new one. At the end every brand it registered
 * is retired and every address it added removed, and the main address is as it was. Each
 * property takes about 25 s.
 */
class EndpointFuzzIT {

    private static final String BINARY = ShippedKamailioCheck.binary();
    private static final int RPC_PORT = 8000;
    /** Spring Boot's limit of the request line and headers together ({@code server.max-http-request-header-size}). */
    private static final int MAX_HEAD = 8 * 1024;
    private static final World WORLD = new World();
    /** Every address the fuzz made that is not removed, and the main one, as it should read. */
    private static final Map<String, Address> ADDRESSES = new ConcurrentHashMap<>();
    /** Every brand the fuzz registered, retired at the end. */
    private static final Set<String> BRANDS = ConcurrentHashMap.newKeySet();
    private static final AtomicInteger NEXT_BRAND = new AtomicInteger();

    private static Platform platform;
    private static RunningService sync;
    private static Path syncDirectory;
    private static Address main;

    /** An address as the API shows it. */
    record Address(String id, String name, String ip, String advertisedIp) {

        static Address of(JsonNode view) {
            return new Address(view.path("id").asText(), view.path("name").asText(), view.path("ip").asText(),
                    view.path("advertisedIp").isTextual() ? view.path("advertisedIp").asText() : null);
        }
    }

    @BeforeContainer
    static void start() {
        platform = Platform.get();
        sync = startSyncService();
        String god = Tokens.god();
        await().atMost(Duration.ofSeconds(30)).until(() -> platform.projector.send("GET", "/api/addresses/proxytrunks", god, null).status() == 200);
        main = Address.of(platform.projector.send("GET", "/api/addresses/proxytrunks", god, null).json());
        ADDRESSES.put(main.id(), main);
        for (String ip : List.of("127.77.0.1", "127.77.0.2")) {
            Response added = platform.addresses.send("POST", "/api/addresses", god,
                    "{\"name\":\"fuzz fixture " + ip + "\",\"ip\":\"" + ip + "\",\"advertisedIp\":\"2001:db8::77\"}");
            assertThat(added.status()).as(added.toString()).isEqualTo(201);
            Address address = Address.of(added.json());
            ADDRESSES.put(address.id(), address);
            WORLD.addresses.add(address.id());
        }
        register(WORLD.brands.get(0), WORLD.addresses.get(1), WORLD.addresses.get(2));
        register(WORLD.brands.get(1), WORLD.addresses.get(1), AddressId.MAIN.value());
        register(WORLD.brands.get(2), AddressId.MAIN.value());
        String own = WORLD.ownBrand();
        assertThat(platform.setProvider(god, own, "carriers", World.PROVIDERS.get(0), WORLD.addresses.get(1)).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                platform.projector.send("GET", "/api/brands/" + own + "/carriers/" + World.PROVIDERS.get(0), god, null).status() == 200);
    }

    /** Registers a brand for the fuzz to use, and waits until the read models have it. */
    private static void register(String brand, String... addresses) {
        Response registered = platform.defineBrand(Tokens.god(), brand, addresses);
        assertThat(registered.status()).as(registered.toString()).isEqualTo(200);
        BRANDS.add(brand);
        readModel("/api/brands/" + brand, registered.headers().get("X-Event-Position").get(0), "", view -> assertThat(view.status()).isEqualTo(200));
    }

    /** The sync service without a Kamailio (the listener files are checked after the fuzz). */
    private static RunningService startSyncService() {
        SyncWithoutKamailio.Started started = SyncWithoutKamailio.start("fuzz");
        syncDirectory = started.directory();
        return started.service();
    }

    /** Leaves the platform as the other tests expect it: no brand or address of the fuzz, the main address as it was, no replay running. */
    @AfterContainer
    static void cleanUp() {
        String god = Tokens.god();
        for (String brand : new TreeSet<>(BRANDS)) {
            Response retired = platform.assignments.send("DELETE", "/api/brands/" + brand, god, null);
            assertThat(retired.status()).as("retiring " + brand + ": " + retired).isEqualTo(204);
        }
        for (String id : ADDRESSES.keySet()) {
            if (!id.equals(main.id())) {
                Response removed = platform.removeAddress(id);
                assertThat(removed.status()).as("removing " + id + ": " + removed).isIn(204, 404);
            }
        }
        Response mainNow = platform.projector.send("GET", "/api/addresses/proxytrunks", god, null);
        assertThat(Address.of(mainNow.json())).as("the main address after the fuzz").isEqualTo(main);
        sync.close();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
                !platform.projector.send("GET", "/api/replay", god, null).json().path("state").asText().equals("RUNNING"));
    }

    private static Map<Service, RunningService> services() {
        Map<Service, RunningService> services = new EnumMap<>(Service.class);
        services.put(Service.ADDRESS, platform.addresses);
        services.put(Service.ASSIGNMENT, platform.assignments);
        services.put(Service.PROJECTOR, platform.projector);
        services.put(Service.SYNC, sync);
        return services;
    }

    @Example
    void everyRequestMappingIsFuzzed() {
        Set<String> mapped = new TreeSet<>();
        services().forEach((service, running) -> {
            for (RequestMappingHandlerMapping handlers : running.context().getBeansOfType(RequestMappingHandlerMapping.class).values()) {
                for (RequestMappingInfo info : handlers.getHandlerMethods().keySet()) {
                    Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
                    for (String pattern : info.getPatternValues()) {
                        if (methods.isEmpty()) {
                            mapped.add(service.label + " * " + pattern);
                        }
                        methods.forEach(method -> mapped.add(service.label + " " + method.name() + " " + pattern));
                    }
                }
            }
        });
        // Spring Boot's error page: asked directly it answers 500 by design (there is no error to render); no endpoint of the API
        mapped.removeIf(mapping -> mapping.endsWith(" * /error"));
        Set<String> fuzzed = new TreeSet<>();
        HostileRequests.ENDPOINTS.forEach(endpoint -> fuzzed.add(endpoint.mapping()));

        Set<String> notFuzzed = new TreeSet<>(mapped);
        notFuzzed.removeAll(fuzzed);
        Set<String> notMapped = new TreeSet<>(fuzzed);
        notMapped.removeAll(mapped);
        assertThat(notFuzzed).as("request mappings no request of the fuzz is aimed at").isEmpty();
        assertThat(notMapped).as("endpoints of the fuzz that no service maps").isEmpty();
    }

    @Provide
    Arbitrary<Fuzz> requests() {
        return HostileRequests.requests();
    }

    @Provide
    Arbitrary<Fuzz> acceptableCommands() {
        return HostileRequests.acceptableCommands();
    }

    @Property(tries = 500, edgeCases = EdgeCasesMode.NONE)
    @AddLifecycleHook(RenderedFilesPassTheCheck.class)
    void everyAnswerIsASuccessOrAProblemAndWhatIsAcceptedReadsBack(@ForAll("requests") Fuzz fuzz) {
        check(fuzz);
    }

    @Property(tries = 150, edgeCases = EdgeCasesMode.NONE)
    @AddLifecycleHook(RenderedFilesPassTheCheck.class)
    void acceptedCommandsReadBackAsTheyWereSent(@ForAll("acceptableCommands") Fuzz fuzz) {
        check(fuzz);
        Statistics.label("answer").coverage(coverage -> coverage.check("2xx").percentage(p -> p >= 30));
    }

    private static void check(Fuzz fuzz) {
        RawHttp.Request request = fuzz.request(WORLD);
        RawHttp.Answer answer = RawHttp.send(services().get(fuzz.endpoint().service()).port(), request);
        String seen = "\n sent     " + request + "\n answered " + answer;
        Statistics.label("answer").collect(answer.http09() ? "HTTP/0.9" : answer.status() / 100 == 2 ? "2xx" : String.valueOf(answer.status()));
        Statistics.label("service").collect(fuzz.endpoint().service());
        boolean readable = fuzz.clean() && headLength(request) < MAX_HEAD - 256;
        if (answer.http09()) {
            assertThat(readable).as("an HTTP/0.9 answer to a request line that is HTTP/1.1" + seen).isFalse();
            JsonNode problem = answer.json();
            assertThat(problem).as("a problem detail" + seen).isNotNull();
            assertThat(problem.path("title").asText()).as("its title" + seen).isNotBlank();
            assertThat(problem.path("status").asInt()).as("its status" + seen).isBetween(400, 499);
            return;
        }

        if (answer.status() >= 500) {
            assertThat(fuzz.waits() && answer.status() == 503 && answer.headers().containsKey("retry-after"))
                    .as("a 5xx answer" + seen).isTrue();
        }
        if (answer.status() >= 400 && !fuzz.method().equals("HEAD")) {
            assertProblem(answer, seen);
        }
        Set<String> blamed = blamed(answer);
        Set<String> blameable = fuzz.blameable();
        if (blameable != null) {
            assertThat(blamed).as("the fields an error names" + seen).isSubsetOf(blameable);
        }
        boolean readAsSent = fuzz.aimed() && readable && fuzz.plainBody(WORLD);
        Set<String> wrong = fuzz.wrong();
        if (readAsSent && !wrong.isEmpty() && fuzz.otherwiseValid() && fuzz.caller() == Caller.GOD) {
            assertThat(answer.status()).as("refusing " + wrong + seen).isEqualTo(400);
            assertThat(blamed).as("the fields at fault, " + wrong + ", named" + seen).containsAnyElementsOf(wrong);
        }
        if (readAsSent && !wrong.isEmpty()) {
            assertThat(answer.status() / 100).as("accepted with " + wrong + seen).isNotEqualTo(2);
        }
        if (fuzz.method().equals("TRACE")) {
            // Tomcat refuses a TRACE itself, before any filter reads the request
            assertThat(answer.status()).as("a TRACE" + seen).isIn(400, 405);
        } else if (readable && !request.chunked() && fuzz.bodyLength(WORLD) > fuzz.endpoint().bodyLimit()) {
            assertThat(answer.status()).as("a body over the limit" + seen).isEqualTo(413);
        }
        if (fuzz.aimed() && answer.status() / 100 == 2) {
            Statistics.label("accepted").collect(fuzz.endpoint().method() + " " + fuzz.endpoint().pattern());
            readBack(fuzz, answer, seen);
        }
    }

    /** About the bytes of the request line and headers, which Tomcat refuses past {@link #MAX_HEAD} (400) before any service code runs. */
    private static int headLength(RawHttp.Request request) {
        return request.method().length() + request.target().length() + 100
                + request.headers().entrySet().stream().mapToInt(h -> h.getKey().length() + h.getValue().length() + 4).sum();
    }

    private static void assertProblem(RawHttp.Answer answer, String seen) {
        assertThat(answer.contentType()).as("the media type of a " + answer.status() + seen).startsWith("application/problem+json");
        JsonNode problem = answer.json();
        assertThat(problem).as("a problem detail" + seen).isNotNull();
        assertThat(problem.path("title").asText()).as("its title" + seen).isNotBlank();
        assertThat(problem.path("status").asInt()).as("its status" + seen).isEqualTo(answer.status());
        for (JsonNode error : problem.path("errors")) {
            assertThat(error.path("field").isTextual() && error.path("message").asText().length() > 0).as("a field error" + seen).isTrue();
        }
    }

    private static Set<String> blamed(RawHttp.Answer answer) {
        Set<String> fields = new LinkedHashSet<>();
        JsonNode problem = answer.status() >= 400 ? answer.json() : null;
        if (problem != null) {
            problem.path("errors").forEach(error -> fields.add(error.path("field").asText()));
        }
        return fields;
    }

    /** What an accepted command changed, read back from the projector at the position its answer names. */
    private static void readBack(Fuzz fuzz, RawHttp.Answer answer, String seen) {
        String position = answer.headers().get("x-event-position");
        String pattern = fuzz.endpoint().pattern();
        switch (fuzz.endpoint().method() + " " + pattern) {
            case "POST /api/addresses" -> added(fuzz, answer, position, seen);
            case "PATCH /api/addresses/{id}" -> changed(fuzz, answer, position, seen);
            case "DELETE /api/addresses/{id}" -> removed(variable(fuzz, "id"), answer, position, seen);
            case "PUT /api/brands/{brandId}" -> brandDefined(fuzz, answer, position, seen);
            case "POST /api/brands/{brandId}/addresses/{addressId}", "DELETE /api/brands/{brandId}/addresses/{addressId}" ->
                    brandAddressChanged(fuzz, answer, position, seen);
            case "DELETE /api/brands/{brandId}" -> brandRetired(variable(fuzz, "brandId"), position, seen);
            case "PUT /api/brands/{brandId}/carriers/{providerId}", "PUT /api/brands/{brandId}/ddi-providers/{providerId}" ->
                    providerSet(fuzz, answer, position, seen);
            case "DELETE /api/brands/{brandId}/carriers/{providerId}", "DELETE /api/brands/{brandId}/ddi-providers/{providerId}" ->
                    readModel(pattern.replace("{brandId}", variable(fuzz, "brandId")).replace("{providerId}", variable(fuzz, "providerId")),
                            position, seen, view -> assertThat(view.status()).as("a retired provider").isEqualTo(404));
            default -> {
                // queries, replays, rebuilds and retries change nothing the fuzz reads back
            }
        }
    }

    private static void added(Fuzz fuzz, RawHttp.Answer answer, String position, String seen) {
        assertThat(fuzz.body()).as("an accepted address body" + seen).isInstanceOf(Shaped.class);
        Shaped body = (Shaped) fuzz.body();
        JsonNode created = answer.json();
        String id = created.path("id").asText();
        Address expected = new Address(id, sent(fuzz, body, "name"), canonical(sent(fuzz, body, "ip")),
                canonical(sent(fuzz, body, "advertisedIp")));
        assertThat(Address.of(created)).as("the address answered" + seen).isEqualTo(expected);
        WORLD.addresses.add(id);
        ADDRESSES.put(id, expected);
        readModel("/api/addresses/" + id, position, seen, view -> assertThat(Address.of(view.json())).isEqualTo(expected));
    }

    private static void changed(Fuzz fuzz, RawHttp.Answer answer, String position, String seen) {
        assertThat(fuzz.body()).as("an accepted change" + seen).isInstanceOf(Shaped.class);
        Shaped body = (Shaped) fuzz.body();
        String id = variable(fuzz, "id");
        Address before = ADDRESSES.get(id);
        assertThat(before).as("a changed address the fuzz knows" + seen).isNotNull();
        Address expected = new Address(id, body.has("name") ? sent(fuzz, body, "name") : before.name(),
                body.has("ip") ? canonical(sent(fuzz, body, "ip")) : before.ip(),
                body.has("advertisedIp") ? canonical(sent(fuzz, body, "advertisedIp")) : before.advertisedIp());
        assertThat(Address.of(answer.json())).as("the address answered" + seen).isEqualTo(expected);
        ADDRESSES.put(id, expected);
        readModel("/api/addresses/" + id, position, seen, view -> assertThat(Address.of(view.json())).isEqualTo(expected));
        if (id.equals(main.id()) && !expected.equals(main)) {
            Response restored = platform.addresses.send("PATCH", "/api/addresses/" + id, Tokens.god(),
                    "{\"ip\":\"" + main.ip() + "\",\"advertisedIp\":" + (main.advertisedIp() == null ? "null" : "\"" + main.advertisedIp() + "\"") + "}");
            assertThat(restored.status()).as("restoring the main address: " + restored).isEqualTo(200);
            ADDRESSES.put(id, main);
            readModel("/api/addresses/" + id, restored.headers().get("X-Event-Position").get(0), seen,
                    view -> assertThat(Address.of(view.json())).isEqualTo(main));
        }
    }

    private static void removed(String id, RawHttp.Answer answer, String position, String seen) {
        assertThat(ADDRESSES).as("a removed address the fuzz made" + seen).containsKey(id);
        if (answer.status() == 202) {
            String outcome = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> platform.addresses.send("GET", "/api/addresses/" + id + "/removal", Tokens.god(), null).json()
                            .path("status").asText(), status -> !status.equals("PENDING"));
            if (!outcome.equals("REMOVED")) {
                return;
            }
        }
        ADDRESSES.remove(id);
        WORLD.removed.add(id);
        readModel("/api/addresses/" + id, answer.status() == 204 ? position : null, seen,
                view -> assertThat(view.status()).as("a removed address").isEqualTo(404));
    }

    private static void brandDefined(Fuzz fuzz, RawHttp.Answer answer, String position, String seen) {
        String brand = variable(fuzz, "brandId");
        BRANDS.add(brand);
        Set<String> answered = texts(answer.json().path("addressIds"));
        if (fuzz.body() instanceof Shaped body && body.fields().get("addressIds") instanceof JsonList list) {
            Set<String> sent = new TreeSet<>();
            list.items().forEach(item -> sent.add(text(fuzz, item)));
            assertThat(answered).as("the addresses of the brand" + seen).isEqualTo(sent);
        }
        readModel("/api/brands/" + brand, position, seen, view -> assertThat(ids(view.json().path("addresses"))).isEqualTo(answered));
    }

    /** A retired brand holds nothing; one of those the fuzz uses is replaced by a new one. */
    private static void brandRetired(String brand, String position, String seen) {
        readModel("/api/brands/" + brand, position, seen, view -> {
            if (view.status() != 404) {
                assertThat(view.status()).isEqualTo(200);
                assertThat(view.json().path("state").asText()).isEqualTo("RETIRED");
                assertThat(Stream.of("addresses", "carriers", "ddiProviders").mapToInt(list -> view.json().path(list).size()).sum())
                        .as("what a retired brand holds").isZero();
            }
        });
        int index = WORLD.brands.indexOf(brand);
        if (index >= 0) {
            String replacement = (index == 0 ? "fz-own-" : "fz-b-") + NEXT_BRAND.incrementAndGet();
            register(replacement, AddressId.MAIN.value());
            WORLD.brands.set(index, replacement);
        }
    }

    private static void brandAddressChanged(Fuzz fuzz, RawHttp.Answer answer, String position, String seen) {
        String brand = variable(fuzz, "brandId");
        String address = variable(fuzz, "addressId");
        Set<String> answered = texts(answer.json().path("addressIds"));
        if (fuzz.endpoint().method().equals("POST")) {
            assertThat(answered).as("the addresses of the brand" + seen).contains(address);
        } else {
            assertThat(answered).as("the addresses of the brand" + seen).doesNotContain(address);
        }
        readModel("/api/brands/" + brand, position, seen, view -> assertThat(ids(view.json().path("addresses"))).isEqualTo(answered));
    }

    private static void providerSet(Fuzz fuzz, RawHttp.Answer answer, String position, String seen) {
        String used = answer.json().path("addressId").asText();
        if (fuzz.body() instanceof Shaped body && body.has("addressId") && sent(fuzz, body, "addressId") != null) {
            assertThat(used).as("the address the provider uses" + seen).isEqualTo(sent(fuzz, body, "addressId"));
        }
        String path = fuzz.endpoint().pattern().replace("{brandId}", variable(fuzz, "brandId"))
                .replace("{providerId}", variable(fuzz, "providerId"));
        readModel(path, position, seen, view -> assertThat(view.json().path("address").path("id").asText()).isEqualTo(used));
    }

    /**
     * Reads {@code path} from the projector as God: at {@code position} when the command named
     * one (the first answer once the read models have reached it must hold), else until it holds
     * (up to 15 s).
     */
    private static void readModel(String path, String position, String seen, Consumer<Response> check) {
        String god = Tokens.god();
        if (position != null) {
            String target = path + "?waitFor=" + URLEncoder.encode(position, StandardCharsets.UTF_8);
            Response view = await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                    .until(() -> platform.projector.send("GET", target, god, null), answer -> answer.status() != 503);
            assertThat(view).as("read back at " + position + seen).satisfies(check);
            return;
        }
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(platform.projector.send("GET", path, god, null)).as("read back" + seen).satisfies(check));
    }

    /** A path variable as the service read it. */
    private static String variable(Fuzz fuzz, String name) {
        return HostileRequests.percentDecoded(fuzz.variable(name, WORLD));
    }

    /** The string a body field held as the service read it (a body declared ISO-8859-1 is read so), or null. */
    private static String sent(Fuzz fuzz, Shaped body, String field) {
        Json value = body.fields().get(field);
        return value == null ? null : text(fuzz, value);
    }

    private static String text(Fuzz fuzz, Json value) {
        if (value instanceof JsonExisting existing) {
            return WORLD.name(existing.pool(), existing.index());
        }
        String text = value instanceof JsonText typed ? typed.text() : null;
        boolean latin1 = fuzz.contentType() != null && fuzz.contentType().toLowerCase(Locale.ROOT).contains("charset=latin1");
        return text != null && latin1 ? new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1) : text;
    }

    private static String canonical(String ip) {
        return ip == null ? null : IpLiteral.parse(ip).value();
    }

    private static Set<String> texts(JsonNode array) {
        Set<String> texts = new TreeSet<>();
        array.forEach(item -> texts.add(item.asText()));
        return texts;
    }

    private static Set<String> ids(JsonNode array) {
        Set<String> ids = new TreeSet<>();
        array.forEach(item -> ids.add(item.path("id").asText()));
        return ids;
    }

    /** Fails the property when, after it, the sync service's files do not pass {@code kamailio -c} listening on exactly the addresses left. */
    static final class RenderedFilesPassTheCheck implements AroundPropertyHook {

        @Override
        public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
            PropertyExecutionResult result = property.execute();
            if (result.status() != PropertyExecutionResult.Status.SUCCESSFUL || BINARY == null) {
                return result;
            }
            try {
                assertTheRenderedFilesPassTheCheck();
                return result;
            } catch (Throwable e) {
                return result.mapToFailed(e);
            }
        }
    }

    private static void assertTheRenderedFilesPassTheCheck() throws Exception {
        String god = Tokens.god();
        Path config = syncDirectory.resolve("proxytrunks");
        Set<String> wanted = new TreeSet<>();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            JsonNode status = sync.send("GET", "/api/status", god, null).json();
            Set<String> unbindable = texts(status.path("unbindable"));
            Set<String> lines = new TreeSet<>();
            wanted.clear();
            for (JsonNode address : everyAddress(god)) {
                IpLiteral ip = IpLiteral.parse(address.path("ip").asText());
                if (unbindable.contains(address.path("id").asText() + " " + ip.value())) {
                    continue;
                }
                IpLiteral advertised = address.path("advertisedIp").isTextual() ? IpLiteral.parse(address.path("advertisedIp").asText()) : null;
                for (String protocol : List.of("udp", "tcp")) {
                    lines.add("listen=" + KamailioFiles.socket(protocol, ip, 5060)
                            + (advertised == null ? "" : " advertise " + advertised.sipHost() + ":5060"));
                    wanted.add(KamailioFiles.socket(protocol, ip, 5060) + (advertised == null ? "" : " advertise " + advertised.value() + ":5060"));
                }
            }
            assertThat(listenLines(config)).as("the listen lines of the sync service, which says " + status).isEqualTo(lines);
        });
        wanted.add(KamailioFiles.socket("tcp", IpLiteral.parse(main.ip()), RPC_PORT) + " name rpc");
        Path tables = syncDirectory.resolve("tables");
        String carriers = table(tables.resolve("carriers"));
        String ddiProviders = table(tables.resolve("ddi_providers"));
        DbTextTable.parse(carriers);
        DbTextTable.parse(ddiProviders);
        Path directory = Files.createTempDirectory("fuzzed-kamailio");
        ShippedKamailioCheck.Result check;
        try {
            check = ShippedKamailioCheck.check(BINARY, directory, main.ip(), RPC_PORT, Files.readString(config.resolve("main_address.cfg")),
                    Files.readString(config.resolve("additional_addresses.cfg")), carriers, ddiProviders);
        } finally {
            try (Stream<Path> files = Files.walk(directory)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
        assertThat(check.accepted()).as(check.output()).isTrue();
        Set<String> listening = new TreeSet<>();
        for (ShippedKamailioCheck.Socket socket : check.sockets()) {
            listening.add(KamailioFiles.socket(socket.protocol(), IpLiteral.parse(socket.ip()), socket.port())
                    + (socket.advertise() == null ? "" : " advertise " + socket.advertise())
                    + (socket.name() == null ? "" : " name " + socket.name()));
        }
        assertThat(listening).as(check.output()).isEqualTo(wanted);
    }

    private static String table(Path file) throws Exception {
        return Files.exists(file) ? Files.readString(file) : KamailioFiles.providerTable(Map.of());
    }

    private static Set<String> listenLines(Path config) throws Exception {
        Set<String> lines = new TreeSet<>();
        for (String file : List.of("main_address.cfg", "additional_addresses.cfg")) {
            Path path = config.resolve(file);
            if (Files.exists(path)) {
                Files.readAllLines(path).stream().map(String::strip).filter(line -> line.startsWith("listen=")).forEach(lines::add);
            }
        }
        return lines;
    }

    /** Every address the projector shows, page after page. */
    private static List<JsonNode> everyAddress(String god) {
        List<JsonNode> addresses = new ArrayList<>();
        for (int page = 0; ; page++) {
            JsonNode answer = platform.projector.send("GET", "/api/addresses?size=200&page=" + page, god, null).json();
            answer.path("items").forEach(addresses::add);
            if (answer.path("items").isEmpty() || addresses.size() >= answer.path("total").asLong()) {
                return addresses;
            }
        }
    }
}
