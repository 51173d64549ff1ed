package org.proxytrunks.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.proxytrunks.embedded.SharedTestStack;
import org.proxytrunks.events.Topics;
import org.proxytrunks.testing.RunningService.Response;
import org.proxytrunks.testing.Tokens;
import org.proxytrunks.testing.TopicReader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fires random conflicting commands at both services from many threads for a bounded time —
 * removing addresses while providers are being set to them, removing addresses with a fallback
 * for their providers while providers are set to them and to the fallback and the fallback is
 * taken from their brands, taking addresses from brands while
 * providers move, taking the last addresses of a brand at once, replacing brand sets, retiring
 * brands and providers — and then checks every invariant on the final state rebuilt from the
 * event history on Kafka.
 */
class ConcurrentInvariantsIT {

    private static final int THREADS = 8;
    private static final Duration RUN = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BRAND_PREFIX = "con-";

    private final Platform platform = Platform.get();
    private final String god = Tokens.god();
    private final List<String> addresses = new CopyOnWriteArrayList<>();
    private final Set<String> everyAddress = ConcurrentHashMap.newKeySet();
    private final List<String> brands = new CopyOnWriteArrayList<>();
    private final AtomicInteger nextIp = new AtomicInteger(10);
    private final AtomicInteger nextBrand = new AtomicInteger();
    private final Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
    private final List<String> serverErrors = new CopyOnWriteArrayList<>();

    @Test
    void noInterleavingBreaksAnInvariant() throws Exception {
        for (int i = 0; i < 6; i++) {
            addAddress();
        }
        for (int i = 0; i < 3; i++) {
            registerBrand();
        }

        ExecutorService pool = Executors.newFixedThreadPool(THREADS + 2);
        long deadline = System.nanoTime() + RUN.toNanos();
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            workers.add(pool.submit(() -> {
                while (System.nanoTime() < deadline) {
                    randomOperation(pool);
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get(RUN.toSeconds() + 120, TimeUnit.SECONDS);
        }
        pool.shutdown();

        awaitEveryRemovalSettled();
        State state = rebuildFromEventHistory();

        System.out.println("Concurrency run outcomes: " + new java.util.TreeMap<>(outcomes));
        System.out.println("Final state: " + state.summary());
        assertThat(serverErrors).as("no request may fail with a server error").isEmpty();
        assertThat(outcome("remove-address 204")).as("some removals went through").isPositive();
        assertThat(outcome("remove-address 409")).as("some removals were refused").isPositive();
        assertThat(outcome("set-provider 200")).isPositive();
        assertThat(outcome("add-same-ip 201")).as("raced adds of one IP: one won").isPositive();
        assertThat(outcome("add-same-ip 409")).as("raced adds of one IP: the other was refused").isPositive();
        assertThat(state.violations()).as("invariants on the state rebuilt from the events").isEmpty();
        assertThat(outcome("remove-with-fallback 204") + outcome("remove-with-fallback-while-moving 204"))
                .as("some removals with a fallback went through").isPositive();
        assertThat(state.movedByRemoval).as("some providers were moved by a removal with a fallback").isPositive();
        assertThat(projectorMismatches(state)).as("the projector serves the final providers, and no retired one").isEmpty();
    }

    /**
     * Every provider id the run used, of every brand still registered, as the projector serves it
     * against the final state: its address, or 404 once retired. Shown failing with the
     * projector's ProviderRetiredEvent branch (Projections) deleting nothing (the run reported:
     * "con-5 CARRIER/p0: wanted null, served 200 45dc143b-…" and two more retired providers).
     */
    private List<String> projectorMismatches(State state) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        List<String> mismatches;
        do {
            mismatches = new ArrayList<>();
            for (String brand : state.activeBrands()) {
                for (String kind : List.of("CARRIER", "DDI_PROVIDER")) {
                    for (int p = 0; p < 6; p++) {
                        String wanted = state.providers.getOrDefault(brand, Map.of()).get(kind + "/p" + p);
                        Response served = platform.projector.send("GET", "/api/brands/" + brand + "/"
                                + (kind.equals("CARRIER") ? "carriers" : "ddi-providers") + "/p" + p, god, null);
                        String servedAddress = served.status() == 200 ? served.json().path("address").path("id").asText() : null;
                        if (served.status() != (wanted == null ? 404 : 200) || (wanted != null && !wanted.equals(servedAddress))) {
                            mismatches.add(brand + " " + kind + "/p" + p + ": wanted " + wanted + ", served " + served.status() + " "
                                    + servedAddress);
                        }
                    }
                }
            }
            if (!mismatches.isEmpty()) {
                Thread.sleep(500);
            }
        } while (!mismatches.isEmpty() && System.nanoTime() < deadline);
        return mismatches;
    }

    private int outcome(String key) {
        return outcomes.getOrDefault(key, new AtomicInteger()).get();
    }

    private void randomOperation(ExecutorService pool) throws Exception {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int dice = random.nextInt(100);
        String brand = pick(brands);
        String address = pick(addresses);
        if (dice < 14) {
            boolean withFallback = random.nextBoolean();
            Response response = withFallback ? platform.removeAddress(address, pick(addresses)) : platform.removeAddress(address);
            record(withFallback ? "remove-with-fallback" : "remove-address", response);
            if (response.status() == 204) {
                replaceRemoved(address, brand);
            }
        } else if (dice < 20) {
            removeWithFallbackWhileProvidersMove(pool, brand, address);
        } else if (dice < 46) {
            String kind = random.nextBoolean() ? "carriers" : "ddi-providers";
            String provider = "p" + random.nextInt(6);
            record("set-provider", platform.setProvider(random.nextBoolean() ? god : Tokens.brandAdmin(brand), brand, kind, provider,
                    random.nextInt(10) == 0 ? null : address));
        } else if (dice < 60) {
            record("assign-address", platform.assignments.send("POST", "/api/brands/" + brand + "/addresses/" + address, god, null));
        } else if (dice < 72) {
            record("unassign-address", platform.assignments.send("DELETE", "/api/brands/" + brand + "/addresses/" + address, god, null));
        } else if (dice < 80) {
            List<String> held = brandAddresses(brand);
            if (held.size() >= 2) {
                Future<Response> first = pool.submit(() ->
                        platform.assignments.send("DELETE", "/api/brands/" + brand + "/addresses/" + held.get(0), god, null));
                Future<Response> second = pool.submit(() ->
                        platform.assignments.send("DELETE", "/api/brands/" + brand + "/addresses/" + held.get(1), god, null));
                record("unassign-two-at-once", first.get());
                record("unassign-two-at-once", second.get());
            }
        } else if (dice < 88) {
            record("define-brand", platform.defineBrand(god, brand, pick(addresses), pick(addresses)));
        } else if (dice < 94) {
            String kind = random.nextBoolean() ? "carriers" : "ddi-providers";
            record("retire-provider", platform.assignments.send("DELETE", "/api/brands/" + brand + "/" + kind + "/p" + random.nextInt(6),
                    god, null));
        } else if (dice < 97) {
            if (brands.size() > 2 && brands.remove(brand)) {
                record("retire-brand", platform.assignments.send("DELETE", "/api/brands/" + brand, god, null));
                registerBrand();
            }
        } else if (dice < 98) {
            String from = pick(addresses);
            record("remove-address-while-moving", platform.removeAddress(from));
        } else {
            addTheSameIpTwiceAtOnce(pool);
        }
    }

    /**
     * A removal with a fallback the brand holds, raced by providers of the brand set onto the
     * address and onto the fallback and by taking the fallback from the brand: each provider
     * set onto the address before the brand confirms is moved with the others, one set after is
     * refused, and the fallback stays with the brand until the removal ends. Shown failing with
     * AddressLifecycleHandler confirming a round with a fallback without moving the providers (the
     * run reported "DDI_PROVIDER/p5 of con-2 uses removed address 6ea1978e-…" and one more).
     */
    private void removeWithFallbackWhileProvidersMove(ExecutorService pool, String brand, String address) throws Exception {
        String fallback = pick(addresses);
        record("assign-address", platform.assignments.send("POST", "/api/brands/" + brand + "/addresses/" + address, god, null));
        record("assign-address", platform.assignments.send("POST", "/api/brands/" + brand + "/addresses/" + fallback, god, null));
        ThreadLocalRandom random = ThreadLocalRandom.current();
        Future<Response> removal = pool.submit(() -> platform.removeAddress(address, fallback));
        List<Future<Response>> moves = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String kind = random.nextBoolean() ? "carriers" : "ddi-providers";
            String target = random.nextInt(3) == 0 ? fallback : address;
            moves.add(pool.submit(() -> platform.setProvider(god, brand, kind, "p" + random.nextInt(6), target)));
        }
        Future<Response> unassign = pool.submit(() ->
                platform.assignments.send("DELETE", "/api/brands/" + brand + "/addresses/" + fallback, god, null));
        Response removed = removal.get();
        record("remove-with-fallback-while-moving", removed);
        for (Future<Response> move : moves) {
            record("set-provider-during-fallback-removal", move.get());
        }
        record("unassign-fallback-during-removal", unassign.get());
        if (removed.status() == 204) {
            replaceRemoved(address, brand);
        }
    }

    /** A removed address leaves the pool, and a fresh one takes its place with {@code brand}. */
    private void replaceRemoved(String address, String brand) {
        addresses.remove(address);
        String fresh = addAddress();
        record("assign-address", platform.assignments.send("POST", "/api/brands/" + brand + "/addresses/" + fresh, god, null));
    }

    /**
     * Two adds of one new IP at once: exactly one may win (the IP claim). Shown failing with the
     * claim left out of ProxyTrunkAddress's creating handler: every raced add was accepted and the
     * run reported "raced adds of one IP: the other was refused" (0 refusals, 10 adds accepted),
     * before the check of the final state for an IP held twice.
     */
    private void addTheSameIpTwiceAtOnce(ExecutorService pool) throws Exception {
        String ip = nextIp();
        String body = "{\"name\":\"raced\",\"ip\":\"" + ip + "\"}";
        Future<Response> first = pool.submit(() -> platform.addresses.send("POST", "/api/addresses", god, body));
        Future<Response> second = pool.submit(() -> platform.addresses.send("POST", "/api/addresses", god, body));
        for (Response response : List.of(first.get(), second.get())) {
            record("add-same-ip", response);
            if (response.status() == 201) {
                String id = response.json().get("id").asText();
                addresses.add(id);
                everyAddress.add(id);
            }
        }
    }

    private List<String> brandAddresses(String brand) {
        Response response = platform.assignments.send("POST", "/api/brands/" + brand + "/addresses/" + pick(addresses), god, null);
        List<String> held = new ArrayList<>();
        if (response.status() == 200) {
            response.json().get("addressIds").forEach(n -> held.add(n.asText()));
        }
        return held;
    }

    private String addAddress() {
        String id = platform.addAddress("concurrency", nextIp());
        addresses.add(id);
        everyAddress.add(id);
        return id;
    }

    private String nextIp() {
        int n = nextIp.getAndIncrement();
        return "127.0." + (30 + n / 250) + "." + (1 + n % 250);
    }

    private void registerBrand() {
        String brand = BRAND_PREFIX + nextBrand.getAndIncrement();
        Response response = platform.defineBrand(god, brand, pick(addresses), pick(addresses));
        record("register-brand", response);
        if (response.status() == 200) {
            brands.add(brand);
        }
    }

    private void record(String operation, Response response) {
        String outcome = response.status() == 404 && response.body().contains("does not exist; add it")
                ? "unknown-address (not yet learned from Kafka)" : String.valueOf(response.status());
        outcomes.computeIfAbsent(operation + " " + outcome, k -> new AtomicInteger()).incrementAndGet();
        if (response.status() >= 500) {
            serverErrors.add(operation + ": " + response);
        }
    }

    private static <T> T pick(List<T> list) {
        List<T> snapshot = List.copyOf(list);
        return snapshot.get(ThreadLocalRandom.current().nextInt(snapshot.size()));
    }

    private void awaitEveryRemovalSettled() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        for (String address : everyAddress) {
            while (true) {
                Response status = platform.addresses.send("GET", "/api/addresses/" + address + "/removal", god, null);
                if (!"PENDING".equals(status.json().path("status").asText()) || System.nanoTime() > deadline) {
                    break;
                }
                Thread.sleep(100);
            }
        }
    }

    /** How long after an event was stored it was sent to Kafka: median, 90th percentile and maximum. */
    private static String publishLag(List<ConsumerRecord<String, String>> records) {
        List<Long> lags = records.stream().map(r -> r.timestamp() - TopicReader.longHeader(r, "axon-message-timestamp")).sorted().toList();
        if (lags.isEmpty()) {
            return "no events";
        }
        return "median " + lags.get(lags.size() / 2) + " ms, p90 " + lags.get(lags.size() * 9 / 10) + " ms, max "
                + lags.get(lags.size() - 1) + " ms over " + lags.size() + " events";
    }

    /** The final state, folded from every event of this test's addresses and brands on both topics. */
    private State rebuildFromEventHistory() {
        String bootstrap = SharedTestStack.get().kafka().bootstrapServers();
        TopicReader.awaitQuiet(bootstrap, List.of(Topics.ADDRESSES, Topics.ASSIGNMENTS), Duration.ofSeconds(5), Duration.ofSeconds(120));
        // to the end of each topic: a reader that stops at the first matching records can miss the
        // last removal or unassignment, and a violation with it. Shown failing with readToEnd
        // stopping after the first poll that returned records (the run reported: "brand con-2
        // holds removed address 9ceb461d-…" and one more, their unassignments unread)
        List<ConsumerRecord<String, String>> addressEvents = TopicReader.readToEnd(bootstrap, Topics.ADDRESSES,
                r -> everyAddress.contains(r.key()), Duration.ofSeconds(60));
        List<ConsumerRecord<String, String>> brandEvents = TopicReader.readToEnd(bootstrap, Topics.ASSIGNMENTS,
                r -> r.key() != null && r.key().startsWith("brand:" + BRAND_PREFIX), Duration.ofSeconds(60));
        State state = new State();
        System.out.println("Publish lag, address events: " + publishLag(addressEvents));
        System.out.println("Publish lag, brand events: " + publishLag(brandEvents));
        addressEvents.forEach(state::applyAddressEvent);
        brandEvents.forEach(state::applyBrandEvent);
        return state;
    }

    private static final class State {
        final Set<String> removed = new HashSet<>();
        final Set<String> added = new HashSet<>();
        final Map<String, Set<String>> brandAddresses = new HashMap<>();
        final Set<String> registeredBrands = new HashSet<>();
        final Set<String> retiredBrands = new HashSet<>();
        final Map<String, Map<String, String>> providers = new HashMap<>();
        final Map<String, String> ips = new HashMap<>();
        final List<String> leftEmpty = new ArrayList<>();
        /** The traces of the removals with a fallback, which the providers' moves they made carry. */
        final Set<String> fallbackRemovals = new HashSet<>();
        int movedByRemoval;

        void applyAddressEvent(ConsumerRecord<String, String> record) {
            String type = type(record);
            if (type.equals("AddressAddedEvent")) {
                added.add(record.key());
                ips.put(record.key(), json(record).path("ip").asText());
            } else if (type.equals("AddressIpChangedEvent")) {
                ips.put(record.key(), json(record).path("ip").asText());
            } else if (type.equals("AddressRemovedEvent")) {
                removed.add(record.key());
            } else if (type.equals("AddressRetirementStartedEvent") && json(record).has("fallbackAddressId")) {
                fallbackRemovals.add(TopicReader.header(record, "axon-metadata-traceId"));
            }
        }

        List<String> activeBrands() {
            return registeredBrands.stream().filter(brand -> !retiredBrands.contains(brand)).sorted().toList();
        }

        void applyBrandEvent(ConsumerRecord<String, String> record) {
            JsonNode event = json(record);
            String brand = event.path("brandId").asText();
            Set<String> held = brandAddresses.computeIfAbsent(brand, b -> new HashSet<>());
            Map<String, String> providerAddresses = providers.computeIfAbsent(brand, b -> new HashMap<>());
            switch (type(record)) {
                case "BrandRegisteredEvent" -> {
                    registeredBrands.add(brand);
                    event.get("addressIds").forEach(a -> held.add(a.asText()));
                }
                case "BrandAddressAssignedEvent" -> held.add(event.get("addressId").asText());
                case "BrandAddressUnassignedEvent" -> {
                    held.remove(event.get("addressId").asText());
                    // checked at every unassignment, not only on the final state: with BrandTrunks
                    // letting its last address go (unassigned or accepted for removal), the brand
                    // was given another address before the run ended and the final-state check
                    // passed; this one reported "brand con-2 was left with no address by
                    // unassigning 65cac3ea-…"
                    if (held.isEmpty() && !"BRAND_RETIRED".equals(event.path("reason").asText())) {
                        leftEmpty.add("brand " + brand + " was left with no address by unassigning " + event.get("addressId").asText());
                    }
                }
                case "BrandRetiredEvent" -> retiredBrands.add(brand);
                case "ProviderAddressSetEvent" -> {
                    providerAddresses.put(event.get("kind").asText() + "/" + event.get("providerId").asText(), event.get("addressId").asText());
                    if (fallbackRemovals.contains(TopicReader.header(record, "axon-metadata-traceId"))) {
                        movedByRemoval++;
                    }
                }
                case "ProviderRetiredEvent" -> providerAddresses.remove(event.get("kind").asText() + "/" + event.get("providerId").asText());
                default -> { }
            }
        }

        /**
         * The invariants. "Has no address" is checked for every brand registered and not retired
         * (it once skipped a brand with no address and no provider as if unregistered, so it could
         * never fire). Alone it did not catch BrandTrunks letting its last address go (a run
         * with that variant passed): the brand had an address again by the end, hence
         * {@link #leftEmpty}, the same rule checked at every unassignment.
         */
        List<String> violations() {
            List<String> violations = new ArrayList<>(leftEmpty);
            brandAddresses.forEach((brand, held) -> {
                if (retiredBrands.contains(brand) || !registeredBrands.contains(brand)) {
                    return;
                }
                if (held.isEmpty()) {
                    violations.add("brand " + brand + " has no address");
                }
                held.stream().filter(removed::contains).forEach(a -> violations.add("brand " + brand + " holds removed address " + a));
                providers.get(brand).forEach((provider, address) -> {
                    if (address == null || address.isEmpty()) {
                        violations.add(provider + " of " + brand + " has no address");
                    } else if (removed.contains(address)) {
                        violations.add(provider + " of " + brand + " uses removed address " + address);
                    } else if (!held.contains(address)) {
                        violations.add(provider + " of " + brand + " uses " + address + ", which is not its brand's");
                    }
                });
            });
            Map<String, List<String>> holders = new HashMap<>();
            ips.forEach((address, ip) -> {
                if (!removed.contains(address)) {
                    holders.computeIfAbsent(ip, i -> new ArrayList<>()).add(address);
                }
            });
            holders.forEach((ip, held) -> {
                if (held.size() > 1) {
                    violations.add(ip + " is held by two addresses: " + held);
                }
            });
            return violations;
        }

        String summary() {
            long activeBrands = brandAddresses.keySet().stream().filter(b -> !retiredBrands.contains(b)).count();
            long providerCount = providers.values().stream().mapToLong(Map::size).sum();
            return added.size() + " addresses added, " + removed.size() + " removed; " + activeBrands + " brands active, "
                    + retiredBrands.size() + " retired; " + providerCount + " providers; " + movedByRemoval
                    + " moved by " + fallbackRemovals.size() + " removals with a fallback";
        }

        private static String type(ConsumerRecord<String, String> record) {
            String type = TopicReader.header(record, "axon-message-type");
            return type.substring(type.lastIndexOf('.') + 1);
        }

        private static JsonNode json(ConsumerRecord<String, String> record) {
            try {
                return JSON.readTree(record.value());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
