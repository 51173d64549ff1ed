package org.proxytrunks.kamailiosync.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.proxytrunks.events.IpLiteral;
import org.proxytrunks.kamailiosync.render.AtomicFileWriter;
import org.proxytrunks.kamailiosync.render.KamailioFiles;
import org.proxytrunks.kamailiosync.rpc.XmlRpcClient;
import org.proxytrunks.kamailiosync.rpc.XmlRpcFaultException;
import org.proxytrunks.testing.KamailioProcess;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The rendered provider tables against a real Kamailio: htable loads them, and a rewrite followed
 * by {@code htable.reload} over XML-RPC is seen at once — even several rewrites within one second.
 */
class ProviderTablesIT {

    @TempDir
    Path directory;

    @SuppressWarnings("unchecked")
    private static Map<String, String> dump(XmlRpcClient rpc, String table) throws Exception {
        Map<String, String> entries = new TreeMap<>();
        for (Object slot : (List<Object>) rpc.call("htable.dump", table)) {
            for (Object entry : (List<Object>) ((Map<String, Object>) slot).get("slot")) {
                Map<String, Object> pair = (Map<String, Object>) entry;
                entries.put((String) pair.get("name"), (String) pair.get("value"));
            }
        }
        return entries;
    }

    @Test
    void rewrittenTablesAreReloadedWithoutARestart() throws Exception {
        AtomicFileWriter writer = new AtomicFileWriter(Clock.systemUTC());
        try (KamailioProcess kamailio = new KamailioProcess(directory)) {
            Path carriers = kamailio.tables.resolve("carriers");
            writer.write(carriers, KamailioFiles.providerTable(Map.of("7", IpLiteral.parse("127.0.0.2"))));
            writer.write(kamailio.tables.resolve("ddi_providers"), KamailioFiles.providerTable(Map.of()));
            kamailio.start();
            XmlRpcClient rpc = new XmlRpcClient(URI.create(kamailio.rpcUrl()), Duration.ofSeconds(1), Duration.ofSeconds(2));
            assertThat(dump(rpc, "carriers")).containsExactly(Map.entry("7", "udp:127.0.0.2:5060"));

            for (String ip : List.of("127.0.0.3", "2001:db8::3", "127.0.0.4")) {
                writer.write(carriers, KamailioFiles.providerTable(new TreeMap<>(Map.of(
                        "7", IpLiteral.parse(ip), "8", IpLiteral.parse("127.0.0.2")))));
                rpc.call("htable.reload", "carriers");
                assertThat(dump(rpc, "carriers")).as("reloaded right after a rewrite to " + ip)
                        .containsEntry("7", KamailioFiles.socket("udp", IpLiteral.parse(ip), 5060))
                        .containsEntry("8", "udp:127.0.0.2:5060");
            }
            assertThat(dump(rpc, "ddi_providers")).isEmpty();
            assertThatThrownBy(() -> rpc.call("htable.reload", "no_such_table")).isInstanceOf(XmlRpcFaultException.class);
        }
    }

    @Test
    void aPathKamailioDoesNotServeTimesOutInsteadOfHanging() throws Exception {
        try (KamailioProcess kamailio = new KamailioProcess(directory)) {
            writerFor(kamailio);
            kamailio.start();
            XmlRpcClient wrongPath = new XmlRpcClient(URI.create("http://127.0.0.1:" + kamailio.rpcPort + "/other"),
                    Duration.ofSeconds(1), Duration.ofMillis(500));
            long started = System.nanoTime();
            assertThatThrownBy(() -> wrongPath.call("core.version")).isInstanceOf(java.io.IOException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        }
    }

    private static void writerFor(KamailioProcess kamailio) throws Exception {
        AtomicFileWriter writer = new AtomicFileWriter(Clock.systemUTC());
        writer.write(kamailio.tables.resolve("carriers"), KamailioFiles.providerTable(Map.of()));
        writer.write(kamailio.tables.resolve("ddi_providers"), KamailioFiles.providerTable(Map.of()));
    }
}
