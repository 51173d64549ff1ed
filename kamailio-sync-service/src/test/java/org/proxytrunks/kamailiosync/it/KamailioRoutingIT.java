package org.proxytrunks.kamailiosync.it;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.proxytrunks.embedded.SharedTestStack;
import org.proxytrunks.events.AddressId;
import org.proxytrunks.events.IpLiteral;
import org.proxytrunks.kamailiosync.render.AtomicFileWriter;
import org.proxytrunks.kamailiosync.render.KamailioFiles;
import org.proxytrunks.kamailiosync.rpc.XmlRpcClient;
import org.proxytrunks.kamailiosync.state.DesiredState.Listener;
import org.proxytrunks.testing.KamailioProcess;
import org.proxytrunks.testing.Sipp;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped Kamailio configuration ({@code kamailio/kamailio.cfg.template}) with the files this
 * service renders, against SIPp as real peers on loopback addresses: OPTIONS answered on every
 * listener over UDP and TCP, a carrier's traffic relayed from its own socket (and from a new one
 * after a table reload, without a restart), 404 for an unknown carrier and 500 for a socket
 * Kamailio does not listen on.
 */
class KamailioRoutingIT {

    private static final IpLiteral MAIN = IpLiteral.parse("127.0.0.1");
    private static final IpLiteral SECOND = IpLiteral.parse("127.0.0.2");
    private static final IpLiteral THIRD = IpLiteral.parse("127.0.0.3");

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path directory;

    private final AtomicFileWriter writer = new AtomicFileWriter(Clock.systemUTC());
    private KamailioProcess kamailio;
    private Path proxytrunks;

    @BeforeEach
    void start() throws Exception {
        kamailio = new KamailioProcess(directory);
        proxytrunks = kamailio.directory;
        writer.write(proxytrunks.resolve("main_address.cfg"),
                KamailioFiles.listenLines(List.of(new Listener(AddressId.MAIN, MAIN, null, true)), false));
        writer.write(proxytrunks.resolve("additional_addresses.cfg"), KamailioFiles.listenLines(List.of(
                new Listener(new AddressId("second"), SECOND, null, false),
                new Listener(new AddressId("third"), THIRD, null, false)), false));
        writeCarriers(Map.of("k1", SECOND, "k9", IpLiteral.parse("127.0.0.9")));
        writer.write(proxytrunks.resolve("tables/ddi_providers"), KamailioFiles.providerTable(Map.of("d1", THIRD)));
        String template = Files.readString(Path.of("..", "kamailio", "kamailio.cfg.template"));
        kamailio.start(template.replace("@MAIN_IP@", MAIN.value()).replace("@RPC_PORT@", String.valueOf(kamailio.rpcPort))
                .replace("@PROXYTRUNKS_DIR@", proxytrunks.toString()).replace("@INTERNAL_NET@", "127.0.0.0/8"));
    }

    @AfterEach
    void stop() throws InterruptedException {
        kamailio.close();
    }

    private void writeCarriers(Map<String, IpLiteral> carriers) throws IOException {
        writer.write(proxytrunks.resolve("tables/carriers"), KamailioFiles.providerTable(new TreeMap<>(carriers)));
    }

    private Path scenario(String name, Map<String, String> values) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/sipp/" + name)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (Map.Entry<String, String> value : values.entrySet()) {
                text = text.replace("@" + value.getKey() + "@", value.getValue());
            }
            Path file = directory.resolve(values.getOrDefault("NAME", "") + name);
            Files.writeString(file, text);
            return file;
        }
    }

    /** Asks Kamailio, as an internal component, to reach {@code provider}; answers SIPp's exit codes (UAC, UAS). */
    private int[] relay(String header, String provider, String status, IpLiteral expectedSocket) throws Exception {
        int uasPort = SharedTestStack.freePort();
        CompletableFuture<Integer> uas = expectedSocket == null ? CompletableFuture.completedFuture(0)
                : Sipp.serve(directory, scenario("provider-uas.xml", Map.of("NAME", provider + "-",
                        "VIA", expectedSocket.value().replace(".", "\\.") + "(:5060)?;")), "127.0.0.1", uasPort);
        Thread.sleep(300);
        int uac = Sipp.run(directory, scenario("internal-uac.xml", Map.of("NAME", provider + "-" + status + "-",
                "UAS_PORT", String.valueOf(uasPort), "HEADER", header, "PROVIDER", provider, "STATUS", status)),
                "127.0.0.1:5060", "127.0.0.1");
        return new int[] {uac, uas.get(20, TimeUnit.SECONDS)};
    }

    @Test
    void everyListenerAnswersOptionsOverUdpAndTcp() throws Exception {
        Path options = scenario("options.xml", Map.of());
        for (String target : List.of("127.0.0.1:5060", "127.0.0.2:5060", "127.0.0.3:5060")) {
            assertThat(Sipp.run(directory, options, target, "127.0.0.1")).as("UDP " + target).isZero();
            assertThat(Sipp.run(directory, options, target, "127.0.0.1", "-t", "t1")).as("TCP " + target).isZero();
        }
    }

    @Test
    void aCarriersTrafficLeavesFromItsSocketAndMovesWithATableReloadAlone() throws Exception {
        assertThat(relay("X-Carrier-Id", "k1", "200", SECOND)).containsExactly(0, 0);

        writeCarriers(Map.of("k1", THIRD, "k9", IpLiteral.parse("127.0.0.9")));
        new XmlRpcClient(URI.create(kamailio.rpcUrl()), Duration.ofSeconds(1), Duration.ofSeconds(2))
                .call("htable.reload", "carriers");
        assertThat(relay("X-Carrier-Id", "k1", "200", THIRD)).as("after the reload, no restart").containsExactly(0, 0);
        assertThat(new XmlRpcClient(URI.create(kamailio.rpcUrl()), Duration.ofSeconds(1), Duration.ofSeconds(2))
                .call("core.version")).as("still the same, running Kamailio").isNotNull();

        assertThat(relay("X-Ddi-Provider-Id", "d1", "200", THIRD)).containsExactly(0, 0);
    }

    @Test
    void anUnknownProviderIs404AndASocketKamailioDoesNotListenOnIs500() throws Exception {
        assertThat(relay("X-Carrier-Id", "nobody", "404", null)[0]).isZero();
        assertThat(relay("X-Ddi-Provider-Id", "nobody", "404", null)[0]).isZero();
        assertThat(relay("X-Carrier-Id", "k9", "500", null)[0]).as("never a silent fallback").isZero();
        assertThat(Files.readString(directory.resolve("kamailio.log"))).contains("provider k9 wants socket udp:127.0.0.9:5060");
    }
}
