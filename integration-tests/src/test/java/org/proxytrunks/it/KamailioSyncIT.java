package org.proxytrunks.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.proxytrunks.embedded.SharedTestStack;
import org.proxytrunks.kamailiosync.KamailioSyncServiceApplication;
import org.proxytrunks.kamailiosync.render.KamailioFiles;
import org.proxytrunks.kamailiosync.rpc.HtableDump;
import org.proxytrunks.kamailiosync.rpc.XmlRpcClient;
import org.proxytrunks.testing.KamailioProcess;
import org.proxytrunks.testing.RunningService;
import org.proxytrunks.testing.Sipp;
import org.proxytrunks.testing.Tokens;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sync service between the command services and a real Kamailio: provider changes reach
 * Kamailio's htables by reload (no restart), listener changes are written and reported, an
 * unbindable address is left out, and changes made while Kamailio is down arrive when it is back.
 */
class KamailioSyncIT {

    @TempDir
    Path directory;

    private final Platform platform = Platform.get();
    private final String god = Tokens.god();

    private static Map<String, String> dump(KamailioProcess kamailio, String table) {
        try (XmlRpcClient rpc = new XmlRpcClient(URI.create(kamailio.rpcUrl()), Duration.ofSeconds(1), Duration.ofSeconds(2))) {
            return HtableDump.entries(rpc.call("htable.dump", table));
        } catch (Exception e) {
            return Map.of("error", String.valueOf(e.getMessage()));
        }
    }

    private static <T> T await(java.util.function.Supplier<T> probe, Predicate<T> done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        T value = probe.get();
        while (!done.test(value) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            value = probe.get();
        }
        return value;
    }

    private KamailioProcess startKamailio() throws Exception {
        KamailioProcess kamailio = new KamailioProcess(directory.resolve("kamailio"));
        Files.writeString(kamailio.tables.resolve("carriers"), KamailioFiles.providerTable(Map.of()));
        Files.writeString(kamailio.tables.resolve("ddi_providers"), KamailioFiles.providerTable(Map.of()));
        kamailio.start();
        return kamailio;
    }

    private Map<String, Object> syncProperties(KamailioProcess kamailio) {
        SharedTestStack stack = SharedTestStack.get();
        Map<String, Object> properties = RunningService.wiredTo(stack, stack.mongo().connectionString(), "unused");
        properties.put("proxytrunks.kamailio.config-directory", directory.resolve("proxytrunks").toString());
        properties.put("proxytrunks.kamailio.tables-directory", kamailio.tables.toString());
        properties.put("proxytrunks.kamailio.rpc-url", kamailio.rpcUrl());
        properties.put("proxytrunks.kamailio.rpc-port", kamailio.rpcPort);
        return properties;
    }

    @Test
    void aBurstOfProviderChangesEndsRightWithFewReloadsAndARestartOfTheSyncServiceLosesNothing() throws Exception {
        String first = platform.addAddress("burst 1", "127.0.5.11");
        String second = platform.addAddress("burst 2", "127.0.5.12");
        assertThat(platform.defineBrand(god, "sync-burst", first, second).status()).isEqualTo(200);
        KamailioProcess kamailio = startKamailio();
        try {
            long reloadsBefore;
            try (RunningService sync = RunningService.start(KamailioSyncServiceApplication.application(), syncProperties(kamailio))) {
                await(() -> sync.send("GET", "/api/status", god, null).json(),
                        s -> "ok".equals(s.get("lastResult").asText()) && !s.get("pendingChanges").asBoolean());
                JsonNode before = sync.send("GET", "/api/status", god, null).json();
                reloadsBefore = before.get("reloads").asLong();
                long keysBefore = before.get("keyChanges").asLong();
                int changes = 1000;
                java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
                List<java.util.concurrent.Future<Integer>> sent = new java.util.ArrayList<>();
                for (int i = 0; i < changes; i++) {
                    String provider = "ks-burst-" + (i % 50);
                    String address = i % 2 == 0 ? first : second;
                    sent.add(pool.submit(() -> platform.setProvider(god, "sync-burst", "carriers", provider, address).status()));
                }
                for (java.util.concurrent.Future<Integer> status : sent) {
                    assertThat(status.get()).isEqualTo(200);
                }
                pool.shutdown();
                for (int i = 0; i < 50; i++) {
                    assertThat(platform.setProvider(god, "sync-burst", "carriers", "ks-burst-" + i, i % 3 == 0 ? first : second).status())
                            .isEqualTo(200);
                }
                Map<String, String> table = await(() -> dump(kamailio, "carriers"), t -> burstSettled(t));
                assertThat(burstSettled(table)).as("every provider on its last address: " + table).isTrue();
                JsonNode status = await(() -> sync.send("GET", "/api/status", god, null).json(),
                        s -> !s.get("pendingChanges").asBoolean());
                long reloads = status.get("reloads").asLong() - reloadsBefore;
                long keys = status.get("keyChanges").asLong() - keysBefore;
                System.out.println("Burst of " + (changes + 50) + " provider changes: " + keys + " keys set, " + reloads + " htable reloads");
                assertThat(keys).as("each change set as a key, coalesced").isPositive().isLessThanOrEqualTo(changes + 50);
                assertThat(reloads).as("no reload per change").isLessThan(changes / 10);
            }

            assertThat(platform.setProvider(god, "sync-burst", "ddi-providers", "ks-while-down", first).status()).isEqualTo(200);
            try (RunningService restarted = RunningService.start(KamailioSyncServiceApplication.application(), syncProperties(kamailio))) {
                assertThat(await(() -> dump(kamailio, "ddi_providers"), t -> t.containsKey("ks-while-down")))
                        .as("a change made while the sync service was down arrives after its restart")
                        .containsEntry("ks-while-down", "udp:127.0.5.11:5060");
                assertThat(burstSettled(dump(kamailio, "carriers"))).isTrue();
            }
        } finally {
            kamailio.close();
        }
    }

    private static boolean burstSettled(Map<String, String> table) {
        for (int i = 0; i < 50; i++) {
            String wanted = i % 3 == 0 ? "udp:127.0.5.11:5060" : "udp:127.0.5.12:5060";
            if (!wanted.equals(table.get("ks-burst-" + i))) {
                return false;
            }
        }
        return true;
    }

    private Path scenario(String name, Map<String, String> values) throws Exception {
        try (java.io.InputStream in = getClass().getResourceAsStream("/sipp/" + name)) {
            String text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            for (Map.Entry<String, String> value : values.entrySet()) {
                text = text.replace("@" + value.getKey() + "@", value.getValue());
            }
            Path file = directory.resolve(values.getOrDefault("NAME", "") + name);
            Files.writeString(file, text);
            return file;
        }
    }

    /**
     * The operator's path end to end, with the shipped configuration, the supervisor and the
     * restart command of ./run.sh: an address is added, Kamailio is restarted onto it and answers
     * OPTIONS there; a carrier set to it is reached from it.
     */
    @Test
    void anAddedAddressIsListenedOnAfterARestartAndACarriersTrafficLeavesFromIt() throws Exception {
        Path run = Files.createDirectories(directory.resolve("run"));
        Path proxytrunks = directory.resolve("proxytrunks");
        int rpcPort = SharedTestStack.freePort();
        Path repository = Path.of("..").toAbsolutePath().normalize();
        Files.writeString(run.resolve("kamailio.cfg"), Files.readString(repository.resolve("kamailio/kamailio.cfg.template"))
                .replace("@MAIN_IP@", "127.0.0.1").replace("@RPC_PORT@", String.valueOf(rpcPort))
                .replace("@PROXYTRUNKS_DIR@", proxytrunks.toString()).replace("@INTERNAL_NET@", "127.0.0.0/8"));
        SharedTestStack stack = SharedTestStack.get();
        Map<String, Object> properties = RunningService.wiredTo(stack, stack.mongo().connectionString(), "unused");
        properties.put("proxytrunks.kamailio.config-directory", proxytrunks.toString());
        properties.put("proxytrunks.kamailio.tables-directory", proxytrunks.resolve("tables").toString());
        properties.put("proxytrunks.kamailio.rpc-url", "http://127.0.0.1:" + rpcPort + "/RPC2");
        properties.put("proxytrunks.kamailio.rpc-port", rpcPort);
        properties.put("proxytrunks.kamailio.restart-command", repository.resolve("kamailio/restart.sh") + " " + run);
        properties.put("proxytrunks.kamailio.config-template", repository.resolve("kamailio/kamailio.cfg.template").toString());
        Process supervisor = null;
        try (RunningService sync = RunningService.start(KamailioSyncServiceApplication.application(), properties)) {
            await(() -> Files.exists(proxytrunks.resolve("main_address.cfg")) && Files.exists(proxytrunks.resolve("tables/carriers"))
                    && Files.exists(proxytrunks.resolve("tables/ddi_providers")), ready -> ready);
            supervisor = new ProcessBuilder(repository.resolve("kamailio/supervise.sh").toString(), run.resolve("kamailio.cfg").toString(),
                    run.toString()).redirectErrorStream(true).redirectOutput(run.resolve("supervisor.log").toFile()).start();

            String address = platform.addAddress("end to end", "127.0.5.21");
            JsonNode status = await(() -> sync.send("GET", "/api/status", god, null).json(),
                    s -> s.get("liveSockets").toString().contains("udp:127.0.5.21:5060") && !s.get("pendingChanges").asBoolean());
            assertThat(status.get("liveSockets").toString()).as("restarted onto the new address").contains("udp:127.0.5.21:5060",
                    "tcp:127.0.5.21:5060");
            assertThat(status.get("restartRequired").asBoolean()).isFalse();
            Path options = scenario("options.xml", Map.of());
            assertThat(Sipp.run(directory, options, "127.0.5.21:5060", "127.0.0.1")).as("OPTIONS over UDP").isZero();
            assertThat(Sipp.run(directory, options, "127.0.5.21:5060", "127.0.0.1", "-t", "t1")).as("OPTIONS over TCP").isZero();

            assertThat(platform.defineBrand(god, "sync-e2e", "proxytrunks", address).status()).isEqualTo(200);
            assertThat(platform.setProvider(god, "sync-e2e", "carriers", "ks-e2e", address).status()).isEqualTo(200);
            await(() -> sync.send("GET", "/api/status", god, null).json(),
                    s -> s.get("providerSockets").get("carriers").path("ks-e2e").asText().equals("udp:127.0.5.21:5060")
                            && !s.get("pendingChanges").asBoolean());
            int uasPort = SharedTestStack.freePort();
            java.util.concurrent.CompletableFuture<Integer> provider = Sipp.serve(directory,
                    scenario("provider-uas.xml", Map.of("VIA", "127\\.0\\.5\\.21(:5060)?;")), "127.0.0.1", uasPort);
            Thread.sleep(300);
            assertThat(Sipp.run(directory, scenario("internal-uac.xml", Map.of("UAS_PORT", String.valueOf(uasPort),
                    "HEADER", "X-Carrier-Id", "PROVIDER", "ks-e2e", "STATUS", "200")), "127.0.0.1:5060", "127.0.0.1"))
                    .as("relayed to the carrier").isZero();
            assertThat(provider.get(20, java.util.concurrent.TimeUnit.SECONDS)).as("it left from the carrier's address").isZero();
        } finally {
            if (supervisor != null) {
                supervisor.destroy();
                supervisor.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void kamailioFollowsTheEvents() throws Exception {
        KamailioProcess kamailio = startKamailio();
        try (RunningService sync = RunningService.start(KamailioSyncServiceApplication.application(), syncProperties(kamailio))) {
            String address = platform.addAddress("sync", "127.0.5.1");
            assertThat(platform.defineBrand(god, "sync-b", "proxytrunks", address).status()).isEqualTo(200);
            assertThat(platform.setProvider(god, "sync-b", "carriers", "ks-c1", address).status()).isEqualTo(200);
            assertThat(platform.setProvider(god, "sync-b", "ddi-providers", "ks-d1", "proxytrunks").status()).isEqualTo(200);

            assertThat(await(() -> dump(kamailio, "carriers"), t -> "udp:127.0.5.1:5060".equals(t.get("ks-c1"))))
                    .containsEntry("ks-c1", "udp:127.0.5.1:5060");
            assertThat(await(() -> dump(kamailio, "ddi_providers"), t -> t.containsKey("ks-d1")))
                    .containsEntry("ks-d1", "udp:127.0.0.1:5060");
            assertThat(platform.setProvider(god, "sync-b", "carriers", "ks-c1", "proxytrunks").status()).isEqualTo(200);
            assertThat(await(() -> dump(kamailio, "carriers"), t -> "udp:127.0.0.1:5060".equals(t.get("ks-c1"))))
                    .as("moved by a reload, without a restart").containsEntry("ks-c1", "udp:127.0.0.1:5060");

            Path listeners = directory.resolve("proxytrunks/additional_addresses.cfg");
            assertThat(Files.readString(listeners)).contains("listen=udp:127.0.5.1:5060", "listen=tcp:127.0.5.1:5060");
            assertThat(Files.readString(directory.resolve("proxytrunks/main_address.cfg"))).contains("listen=udp:127.0.0.1:5060");

            platform.addAddress("unbindable", "192.0.2.10");
            JsonNode status = await(() -> sync.send("GET", "/api/status", god, null).json(),
                    s -> s.get("unbindable").toString().contains("192.0.2.10"));
            assertThat(status.get("unbindable").toString()).contains("192.0.2.10");
            assertThat(Files.readString(listeners)).doesNotContain("192.0.2.10");
            assertThat(dump(kamailio, "carriers")).as("Kamailio keeps running and answering").containsKey("ks-c1");
            assertThat(status.get("restartRequired").asBoolean()).as("no restart command is configured").isTrue();
            assertThat(status.get("wantedSockets").toString()).contains("udp:127.0.5.1:5060");
            assertThat(status.get("missingSockets").toString()).as("Kamailio was not restarted").contains("udp:127.0.5.1:5060");
            assertThat(sync.send("GET", "/actuator/prometheus", Tokens.service(), null).body())
                    .contains("proxytrunks_kamailio_unbindable 1.0").contains("proxytrunks_kamailio_reloads_total");

            kamailio.close();
            assertThat(platform.setProvider(god, "sync-b", "carriers", "ks-c2", address).status()).isEqualTo(200);
            JsonNode failing = await(() -> sync.send("GET", "/api/status", god, null).json(),
                    s -> s.get("lastResult").asText().startsWith("failed"));
            assertThat(failing.get("pendingChanges").asBoolean()).isTrue();
            kamailio.start();
            assertThat(await(() -> dump(kamailio, "carriers"), t -> "udp:127.0.5.1:5060".equals(t.get("ks-c2"))))
                    .as("converged once Kamailio was back").containsEntry("ks-c2", "udp:127.0.5.1:5060");
        } finally {
            kamailio.close();
        }
    }
}
