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
 * removing addresses while providers are being set to them, taking addresses from brands while
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
        assertThat(state.violations()).as("invariants on the state rebuilt from the events").isEmpty();
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
            Response response = platform.removeAddress(address);
            record("remove-address", response);
            if (response.status() == 204) {
                addresses.remove(address);
                String fresh = addAddress();
                record("assign-address", platform.assignments.send("POST", "/api/brands/" + brand + "/addresses/" + fresh, god, null));
            }
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
        } else {
            String from = pick(addresses);
            record("remove-address-while-moving", platform.removeAddress(from));
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
        int n = nextIp.getAndIncrement();
        String id = platform.addAddress("concurrency " + n, "127.0." + (30 + n / 250) + "." + (1 + n % 250));
        addresses.add(id);
        everyAddress.add(id);
        return id;
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
        List<ConsumerRecord<String, String>> addressEvents = TopicReader.read(bootstrap, Topics.ADDRESSES,
                r -> everyAddress.contains(r.key()), 1, Duration.ofSeconds(30), Duration.ofSeconds(3));
        List<ConsumerRecord<String, String>> brandEvents = TopicReader.read(bootstrap, Topics.ASSIGNMENTS,
                r -> r.key() != null && r.key().startsWith("brand:" + BRAND_PREFIX), 1, Duration.ofSeconds(30), Duration.ofSeconds(5));
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
        final Set<String> retiredBrands = new HashSet<>();
        final Map<String, Map<String, String>> providers = new HashMap<>();

        void applyAddressEvent(ConsumerRecord<String, String> record) {
            String type = type(record);
            if (type.equals("AddressAddedEvent")) {
                added.add(record.key());
            } else if (type.equals("AddressRemovedEvent")) {
                removed.add(record.key());
            }
        }

        void applyBrandEvent(ConsumerRecord<String, String> record) {
            JsonNode event = json(record);
            String brand = event.path("brandId").asText();
            Set<String> held = brandAddresses.computeIfAbsent(brand, b -> new HashSet<>());
            Map<String, String> providerAddresses = providers.computeIfAbsent(brand, b -> new HashMap<>());
            switch (type(record)) {
                case "BrandRegisteredEvent" -> event.get("addressIds").forEach(a -> held.add(a.asText()));
                case "BrandAddressAssignedEvent" -> held.add(event.get("addressId").asText());
                case "BrandAddressUnassignedEvent" -> held.remove(event.get("addressId").asText());
                case "BrandRetiredEvent" -> retiredBrands.add(brand);
                case "ProviderAddressSetEvent" -> providerAddresses.put(event.get("kind").asText() + "/" + event.get("providerId").asText(),
                        event.get("addressId").asText());
                case "ProviderRetiredEvent" -> providerAddresses.remove(event.get("kind").asText() + "/" + event.get("providerId").asText());
                default -> { }
            }
        }

        List<String> violations() {
            List<String> violations = new ArrayList<>();
            brandAddresses.forEach((brand, held) -> {
                if (retiredBrands.contains(brand) || (held.isEmpty() && providers.get(brand).isEmpty() && !registered(brand))) {
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
            return violations;
        }

        private boolean registered(String brand) {
            return !brandAddresses.get(brand).isEmpty();
        }

        String summary() {
            long activeBrands = brandAddresses.keySet().stream().filter(b -> !retiredBrands.contains(b)).count();
            long providerCount = providers.values().stream().mapToLong(Map::size).sum();
            return added.size() + " addresses added, " + removed.size() + " removed; " + activeBrands + " brands active, "
                    + retiredBrands.size() + " retired; " + providerCount + " providers";
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
