package org.proxytrunks.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.proxytrunks.embedded.SharedTestStack;
import org.proxytrunks.embedded.TokenMinter;
import org.proxytrunks.kamailiosync.KamailioSyncServiceApplication;
import org.proxytrunks.testing.EventStream;
import org.proxytrunks.testing.RunningService;
import org.proxytrunks.testing.RunningService.Response;
import org.proxytrunks.testing.Tokens;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Who may call what, as one table: every request mapping of the four services (their controllers,
 * the actuator's endpoints, the API description, the error page) against eight callers, each cell
 * the authorization decision expected. The table is checked against the running services, and
 * {@link #everyRequestMappingHasARow} fails on a mapping without a row (a new endpoint must be
 * placed in the table) and on a row that names no mapping.
 *
 * <p>The cells: {@code 401} refused as unauthenticated, {@code 403} forbidden, {@code 404} hidden
 * (a brand admin is told that another brand's address does not exist), {@code ok} allowed: any
 * answer but those three, so the table states the decision, not the business answer
 * ({@code /error} asked directly answers 500: it has no error to render). The path variables are
 * the ids of a brand, its addresses and providers set up here, so "own" and "other" are an admin of
 * that brand and of another registered brand. A query in a row's path is sent with it; it takes no
 * part in matching the row to a mapping.
 *
 * <p>Rows run in table order, those with DELETE after all others, and the callers of a row from
 * left to right: the removals come last so that every other call finds what it names. Both
 * checks were seen failing: with the {@code GET /api/replay} row removed (the mapping has no row)
 * and with the other brand's {@code 403} on {@code GET /api/brands/{brandId}} flipped to
 * {@code ok} (the service answered 403).
 *
 * <p>The dashboard is the gateway's (GatewayIT, DashboardBrowserIT); no service serves a page.
 */
class AuthorizationMatrixIT {

    /*
     * Columns: no token; a God token that has expired; a God token for another audience; a God token
     * from another issuer; God; a platform service; an admin of the brand the path names; an admin
     * of another brand. A refused token is refused even where no token is needed (health, /error).
     */
    private static final String MATRIX = """
                                                                     none  expired audience issuer GOD  SERVICE own  other
            [address-service]
            POST    /api/addresses                                   401   401     401      401    ok   403     403  403
            PATCH   /api/addresses/{id}                              401   401     401      401    ok   403     403  403
            GET     /api/addresses/{id}/removal                      401   401     401      401    ok   403     403  403
            DELETE  /api/addresses/{id}                              401   401     401      401    ok   403     403  403
            GET     /api/dead-letters                                401   401     401      401    ok   403     403  403
            POST    /api/dead-letters/retry                          401   401     401      401    ok   403     403  403
            GET     /actuator                                        401   401     401      401    ok   ok      403  403
            GET     /actuator/health                                 ok    401     401      401    ok   ok      ok   ok
            GET     /actuator/health/**                              ok    401     401      401    ok   ok      ok   ok
            GET     /actuator/info                                   401   401     401      401    ok   ok      403  403
            GET     /actuator/prometheus                             401   401     401      401    ok   ok      403  403
            GET     /v3/api-docs                                     401   401     401      401    ok   ok      ok   ok
            GET     /v3/api-docs.yaml                                401   401     401      401    ok   ok      ok   ok
            *       /error                                           ok    401     401      401    ok   ok      ok   ok

            [assignment-service]
            # a platform service only registers brands: this one exists
            PUT     /api/brands/{brandId}                            401   401     401      401    ok   403     403  403
            POST    /api/brands/{brandId}/addresses/{addressId}      401   401     401      401    ok   403     403  403
            PUT     /api/brands/{brandId}/carriers/{providerId}      401   401     401      401    ok   ok      ok   403
            PUT     /api/brands/{brandId}/ddi-providers/{providerId} 401   401     401      401    ok   ok      ok   403
            DELETE  /api/brands/{brandId}/addresses/{addressId}      401   401     401      401    ok   403     403  403
            DELETE  /api/brands/{brandId}/carriers/{providerId}      401   401     401      401    ok   ok      ok   403
            DELETE  /api/brands/{brandId}/ddi-providers/{providerId} 401   401     401      401    ok   ok      ok   403
            DELETE  /api/brands/{brandId}                            401   401     401      401    ok   ok      403  403
            # the address service's removal previews: God and the services
            POST    /api/addresses/{addressId}/retirement-preview?round=1 401  401     401      401    ok   ok      403  403
            GET     /api/dead-letters                                401   401     401      401    ok   403     403  403
            POST    /api/dead-letters/retry                          401   401     401      401    ok   403     403  403
            GET     /actuator                                        401   401     401      401    ok   ok      403  403
            GET     /actuator/health                                 ok    401     401      401    ok   ok      ok   ok
            GET     /actuator/health/**                              ok    401     401      401    ok   ok      ok   ok
            GET     /actuator/info                                   401   401     401      401    ok   ok      403  403
            GET     /actuator/prometheus                             401   401     401      401    ok   ok      403  403
            GET     /v3/api-docs                                     401   401     401      401    ok   ok      ok   ok
            GET     /v3/api-docs.yaml                                401   401     401      401    ok   ok      ok   ok
            *       /error                                           ok    401     401      401    ok   ok      ok   ok

            [projector-service]
            GET     /api/addresses?brand={brandId}                   401   401     401      401    ok   ok      ok   403
            GET     /api/addresses/{id}                              401   401     401      401    ok   ok      ok   404
            GET     /api/addresses/{id}/brands                       401   401     401      401    ok   ok      ok   404
            GET     /api/addresses/{id}/providers?kind=CARRIER       401   401     401      401    ok   ok      ok   404
            # a brand admin gets its own brand only
            GET     /api/brands                                      401   401     401      401    ok   ok      ok   ok
            GET     /api/brands/{brandId}                            401   401     401      401    ok   ok      ok   403
            GET     /api/brands/{brandId}/carriers/{providerId}      401   401     401      401    ok   ok      ok   403
            GET     /api/brands/{brandId}/ddi-providers/{providerId} 401   401     401      401    ok   ok      ok   403
            GET     /api/audit?brand={brandId}                       401   401     401      401    ok   ok      ok   403
            # waiting on another brand's events would tell when it changes
            GET     /api/audit?waitFor=brand:{brandId}:0             401   401     401      401    ok   ok      ok   403
            # a brand admin hears its own brand's changes only; the stream's status and head are read, then it is closed
            GET     /api/changes                                     401   401     401      401    ok   ok      ok   ok
            POST    /api/replay                                      401   401     401      401    ok   403     403  403
            GET     /api/replay                                      401   401     401      401    ok   ok      403  403
            GET     /api/parked                                      401   401     401      401    ok   ok      403  403
            GET     /api/dead-letters                                401   401     401      401    ok   403     403  403
            POST    /api/dead-letters/retry                          401   401     401      401    ok   403     403  403
            GET     /actuator                                        401   401     401      401    ok   ok      403  403
            GET     /actuator/health                                 ok    401     401      401    ok   ok      ok   ok
            GET     /actuator/health/**                              ok    401     401      401    ok   ok      ok   ok
            GET     /actuator/info                                   401   401     401      401    ok   ok      403  403
            GET     /actuator/prometheus                             401   401     401      401    ok   ok      403  403
            GET     /v3/api-docs                                     401   401     401      401    ok   ok      ok   ok
            GET     /v3/api-docs.yaml                                401   401     401      401    ok   ok      ok   ok
            *       /error                                           ok    401     401      401    ok   ok      ok   ok

            [kamailio-sync-service]
            GET     /api/status                                      401   401     401      401    ok   ok      403  403
            GET     /api/parked                                      401   401     401      401    ok   ok      403  403
            POST    /api/rebuild                                     401   401     401      401    ok   403     403  403
            # not a brand admin: the events are not checked against provider ownership here (the command services check them)
            POST    /api/preview                                     401   401     401      401    ok   ok      403  403
            GET     /api/dead-letters                                401   401     401      401    ok   403     403  403
            POST    /api/dead-letters/retry                          401   401     401      401    ok   403     403  403
            GET     /actuator                                        401   401     401      401    ok   ok      403  403
            GET     /actuator/health                                 ok    401     401      401    ok   ok      ok   ok
            GET     /actuator/health/**                              ok    401     401      401    ok   ok      ok   ok
            GET     /actuator/info                                   401   401     401      401    ok   ok      403  403
            GET     /actuator/prometheus                             401   401     401      401    ok   ok      403  403
            GET     /v3/api-docs                                     401   401     401      401    ok   ok      ok   ok
            GET     /v3/api-docs.yaml                                401   401     401      401    ok   ok      ok   ok
            *       /error                                           ok    401     401      401    ok   ok      ok   ok
            """;

    private static final String CHANGES = "/api/changes";
    private static final String BRAND = "authz-brand";
    private static final String OTHER_BRAND = "authz-other";
    private static final String PROVIDER = "authz-p1";
    private static final AtomicInteger NEXT_IP = new AtomicInteger(10);

    private static String brandAddress;
    private static String secondAddress;
    private static String spareAddress;
    private static String otherBrandsAddress;
    private static RunningService sync;
    private static Map<String, RunningService> services;
    private static Map<String, Map<String, String>> variables;

    /** A caller of every row, in the order of the table's columns. */
    enum Caller {
        NONE(() -> null),
        EXPIRED(Tokens::expiredGod),
        WRONG_AUDIENCE(() -> Tokens.godForAudience("another-platform")),
        WRONG_ISSUER(() -> Tokens.godFromIssuer("https://issuer.example.org")),
        GOD(Tokens::god),
        SERVICE(Tokens::service),
        OWN_BRAND_ADMIN(() -> Tokens.brandAdmin(BRAND)),
        OTHER_BRAND_ADMIN(() -> Tokens.brandAdmin(OTHER_BRAND));

        private final Supplier<String> token;

        Caller(Supplier<String> token) {
            this.token = token;
        }
    }

    /** The decision a cell expects. */
    enum Expected {
        DENIED_401("401"),
        FORBIDDEN_403("403"),
        HIDDEN_404("404"),
        ALLOWED("ok");

        private final String symbol;

        Expected(String symbol) {
            this.symbol = symbol;
        }

        static Expected of(String symbol) {
            return Arrays.stream(values()).filter(e -> e.symbol.equals(symbol)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no expectation '" + symbol + "'"));
        }

        boolean matches(int status) {
            return switch (this) {
                case DENIED_401 -> status == 401;
                case FORBIDDEN_403 -> status == 403;
                case HIDDEN_404 -> status == 404;
                case ALLOWED -> status != 401 && status != 403 && status != 404;
            };
        }
    }

    /** One line of the table: {@code method} is {@code *} for a mapping that takes every method (sent as GET). */
    record Row(String service, String method, String path, Map<Caller, Expected> expected) {

        String pattern() {
            int query = path.indexOf('?');
            return query < 0 ? path : path.substring(0, query);
        }

        String mapping() {
            return service + " " + method + " " + pattern();
        }

        boolean removes() {
            return method.equals("DELETE");
        }
    }

    @BeforeAll
    static void setUp() {
        Platform platform = Platform.get();
        brandAddress = platform.addAddress("authz brand", "127.0.9.1");
        secondAddress = platform.addAddress("authz second", "127.0.9.2");
        spareAddress = platform.addAddress("authz spare", "127.0.9.3");
        otherBrandsAddress = platform.addAddress("authz other", "127.0.9.4");
        String god = Tokens.god();
        assertThat(platform.defineBrand(god, BRAND, brandAddress, secondAddress).status()).isEqualTo(200);
        assertThat(platform.defineBrand(god, OTHER_BRAND, otherBrandsAddress).status()).isEqualTo(200);
        assertThat(platform.setProvider(god, BRAND, "carriers", PROVIDER, brandAddress).status()).isEqualTo(200);
        assertThat(platform.setProvider(god, BRAND, "ddi-providers", PROVIDER, brandAddress).status()).isEqualTo(200);
        sync = startSyncService();

        services = Map.of("address-service", platform.addresses, "assignment-service", platform.assignments,
                "projector-service", platform.projector, "kamailio-sync-service", sync);
        Map<String, String> common = Map.of("brandId", BRAND, "providerId", PROVIDER, "**", "liveness");
        variables = Map.of(
                "address-service", with(common, "id", spareAddress),
                "assignment-service", with(common, "addressId", secondAddress),
                "projector-service", with(common, "id", brandAddress),
                "kamailio-sync-service", common);

        String admin = Tokens.brandAdmin(BRAND);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() ->
                platform.projector.send("GET", "/api/addresses/" + brandAddress, admin, null).status() == 200
                        && platform.projector.send("GET", "/api/brands/" + BRAND + "/ddi-providers/" + PROVIDER, admin, null).status() == 200);
    }

    /** The sync service with no Kamailio: its XML-RPC URL is a port nothing listens on, and nothing restarts Kamailio. */
    private static RunningService startSyncService() {
        SharedTestStack stack = SharedTestStack.get();
        String run = UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> properties = RunningService.wiredTo(stack, stack.mongo().connectionString(), "it-sync-authz-" + run);
        properties.put("proxytrunks.kamailio.config-directory", stack.directory().resolve("sync-authz-" + run + "/proxytrunks").toString());
        properties.put("proxytrunks.kamailio.tables-directory", stack.directory().resolve("sync-authz-" + run + "/tables").toString());
        properties.put("proxytrunks.kamailio.rpc-url", "http://127.0.0.1:" + SharedTestStack.freePort() + "/RPC2");
        return RunningService.start(KamailioSyncServiceApplication.application(), properties);
    }

    @AfterAll
    static void tearDown() {
        if (sync != null) {
            sync.close();
        }
        // the replay the table started must not still run when another test starts one
        RunningService projector = Platform.get().projector;
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
                !projector.send("GET", "/api/replay", Tokens.god(), null).json().path("state").asText().equals("RUNNING"));
    }

    private static Map<String, String> with(Map<String, String> common, String name, String value) {
        Map<String, String> all = new LinkedHashMap<>(common);
        all.put(name, value);
        return all;
    }

    @Test
    void everyRequestMappingHasARow() {
        Set<String> mapped = new TreeSet<>();
        services.forEach((name, service) -> mappings(service).forEach(m -> mapped.add(name + " " + m)));
        Set<String> inTable = new TreeSet<>();
        rows().forEach(row -> inTable.add(row.mapping()));

        Set<String> withoutRow = new TreeSet<>(mapped);
        withoutRow.removeAll(inTable);
        Set<String> withoutMapping = new TreeSet<>(inTable);
        withoutMapping.removeAll(mapped);
        assertThat(withoutRow).as("request mappings with no row in the authorization matrix").isEmpty();
        assertThat(withoutMapping).as("rows of the authorization matrix that name no request mapping").isEmpty();
    }

    @Test
    void everyCallerGetsTheDecisionOfItsCell() {
        Map<Caller, String> tokens = new EnumMap<>(Caller.class);
        for (Caller caller : Caller.values()) {
            tokens.put(caller, caller.token.get());
        }
        List<String> wrong = new ArrayList<>();
        List<Row> inOrder = rows().stream().sorted(Comparator.comparing(Row::removes)).toList();
        for (Row row : inOrder) {
            RunningService service = services.get(row.service());
            String path = fill(row.path(), variables.get(row.service()));
            for (Caller caller : Caller.values()) {
                Expected expected = row.expected().get(caller);
                Response response = row.pattern().equals(CHANGES)
                        ? streamHead(service, path, tokens.get(caller))
                        : service.send(row.method().equals("*") ? "GET" : row.method(), path, tokens.get(caller), body(row));
                if (!expected.matches(response.status())) {
                    wrong.add(row.mapping() + " as " + caller + ": expected " + expected + ", got " + abbreviated(response));
                }
            }
        }
        assertThat(wrong).as("cells of the authorization matrix the services disagree with").isEmpty();
    }

    /** The columns of refused tokens hold only if what they are refused for is the one thing wrong with them. */
    @Test
    void theRefusedGodTokensAreAcceptedWithTheRightAudienceAndIssuer() {
        RunningService addresses = services.get("address-service");
        assertThat(addresses.send("GET", "/api/dead-letters", Tokens.godForAudience(TokenMinter.AUDIENCE), null).status())
                .isEqualTo(200);
        assertThat(addresses.send("GET", "/api/dead-letters", Tokens.godFromIssuer(TokenMinter.ISSUER), null).status())
                .isEqualTo(200);
    }

    /** The answer to opening the change stream, which stays open: its status and head; then it is closed. */
    private static Response streamHead(RunningService service, String path, String token) {
        try (EventStream stream = EventStream.open(service.port(), "GET", path, token)) {
            return new Response(stream.status(), stream.contentType(), stream.body() == null ? "(a stream)" : stream.body(),
                    stream.headers());
        }
    }

    /** The request body a row sends, valid for whoever may call it. */
    private static String body(Row row) {
        return switch (row.method() + " " + row.pattern()) {
            case "POST /api/addresses" -> "{\"name\":\"authz added\",\"ip\":\"127.0.9." + NEXT_IP.getAndIncrement() + "\"}";
            case "PATCH /api/addresses/{id}" -> "{\"name\":\"authz spare\"}";
            case "PUT /api/brands/{brandId}" -> "{\"addressIds\":[\"" + brandAddress + "\",\"" + secondAddress + "\"]}";
            case "PUT /api/brands/{brandId}/carriers/{providerId}", "PUT /api/brands/{brandId}/ddi-providers/{providerId}" ->
                    "{\"addressId\":\"" + brandAddress + "\"}";
            default -> null;
        };
    }

    private static List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        String service = null;
        for (String line : MATRIX.lines().map(String::trim).toList()) {
            if (line.isEmpty() || line.startsWith("#") || line.startsWith("none")) {
                continue;
            }
            if (line.startsWith("[")) {
                service = line.substring(1, line.length() - 1);
                continue;
            }
            String[] cells = line.split("\\s+");
            assertThat(cells).as("a method, a path and a cell per caller: " + line).hasSize(2 + Caller.values().length);
            Map<Caller, Expected> expected = new EnumMap<>(Caller.class);
            for (Caller caller : Caller.values()) {
                expected.put(caller, Expected.of(cells[2 + caller.ordinal()]));
            }
            rows.add(new Row(service, cells[0], cells[1], expected));
        }
        return rows;
    }

    /** Every method and path pattern {@code service} maps a handler to, as "METHOD pattern" ("*" for every method). */
    private static Set<String> mappings(RunningService service) {
        Set<String> found = new TreeSet<>();
        for (RequestMappingInfoHandlerMapping handlers : service.context().getBeansOfType(RequestMappingInfoHandlerMapping.class).values()) {
            for (RequestMappingInfo info : handlers.getHandlerMethods().keySet()) {
                Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
                for (String pattern : info.getPatternValues()) {
                    if (methods.isEmpty()) {
                        found.add("* " + pattern);
                    }
                    methods.forEach(method -> found.add(method.name() + " " + pattern));
                }
            }
        }
        return found;
    }

    /** A path variable ({@code {name}}), or the rest of a path ({@code **}, filled with the value named "**"). */
    private static final Pattern VARIABLE = Pattern.compile("\\{([^}]+)}|\\*\\*");

    private static String fill(String template, Map<String, String> values) {
        Matcher matcher = VARIABLE.matcher(template);
        StringBuilder path = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1) == null ? matcher.group() : matcher.group(1);
            String value = values.get(name);
            if (value == null) {
                throw new IllegalStateException("no value for " + name + " in " + template);
            }
            matcher.appendReplacement(path, Matcher.quoteReplacement(value));
        }
        return matcher.appendTail(path).toString();
    }

    private static String abbreviated(Response response) {
        String body = response.body().replaceAll("\\s+", " ");
        return response.status() + " " + (body.length() > 160 ? body.substring(0, 160) + "..." : body);
    }
}
