package org.proxytrunks.kamailiosync.apply;

import net.jqwik.api.Example;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;
import org.proxytrunks.events.AddressId;
import org.proxytrunks.events.IpLiteral;
import org.proxytrunks.kamailiosync.render.KamailioFiles;
import org.proxytrunks.kamailiosync.state.DesiredState.Listener;
import org.proxytrunks.testing.ShippedKamailioCheck;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The files the sync service renders, checked with {@code kamailio -c} on the shipped
 * configuration. Skipped where Kamailio is not installed ({@code ./test.sh} installs it).
 */
class RenderedKamailioFilesIT {

    private static final String BINARY = ShippedKamailioCheck.binary();
    private static final int RPC_PORT = 8000;

    /** Skips what needs the binary where it does not run. */
    static final class KamailioInstalled implements SkipExecutionHook {
        @Override
        public SkipResult shouldBeSkipped(LifecycleContext context) {
            return BINARY == null ? SkipResult.skip("kamailio is not installed (./test.sh installs it)") : SkipResult.doNotSkip();
        }
    }

    /**
     * Found by fuzzing the rendered files: with an IPv6 main address the template's XML-RPC
     * listener read {@code listen=tcp:::1:8000}, which Kamailio refuses (so the sync service's
     * check refused every listener set), or, for {@code 2001:db8::1}, took the address
     * {@code 2001:db8::1:8000} on port 5060.
     */
    @Example
    @AddLifecycleHook(KamailioInstalled.class)
    void anIpv6MainAddressServesXmlRpcOnItselfAndPassesTheCheck() throws Exception {
        Path tables = Files.createTempDirectory("ipv6-main");
        try {
            Files.writeString(tables.resolve("carriers"), KamailioFiles.providerTable(Map.of()));
            Files.writeString(tables.resolve("ddi_providers"), KamailioFiles.providerTable(Map.of()));
            ConfigCheck check = new ConfigCheck(ShippedKamailioCheck.template(), BINARY, tables);
            for (String ip : List.of("::1", "2001:db8::1", "fe80::1:2")) {
                IpLiteral main = IpLiteral.parse(ip);
                String listeners = KamailioFiles.listenLines(List.of(new Listener(AddressId.MAIN, main, null, true)), false);
                assertThat(check.refusal(listeners, "", main, RPC_PORT)).as(ip).isEmpty();
                ShippedKamailioCheck.Result result = ShippedKamailioCheck.check(BINARY, tables.resolve(ip.replace(':', '_')), ip,
                        RPC_PORT, listeners, "", KamailioFiles.providerTable(Map.of()), KamailioFiles.providerTable(Map.of()));
                assertThat(listening(result)).as(result.output())
                        .contains("tcp:[" + ip + "]:" + RPC_PORT + " name rpc", "udp:[" + ip + "]:5060");
            }
        } finally {
            delete(tables);
        }
    }

    /** The sockets Kamailio listed, as the sync service names them, with what they advertise and their name. */
    private static Set<String> listening(ShippedKamailioCheck.Result check) {
        Set<String> sockets = new TreeSet<>();
        for (ShippedKamailioCheck.Socket socket : check.sockets()) {
            sockets.add(KamailioFiles.socket(socket.protocol(), IpLiteral.parse(socket.ip()), socket.port())
                    + (socket.advertise() == null ? "" : " advertise " + socket.advertise())
                    + (socket.name() == null ? "" : " name " + socket.name()));
        }
        return sockets;
    }

    private static void delete(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
