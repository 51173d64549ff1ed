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
import org.proxytrunks.kamailiosync.rpc.HtableDump;
import org.proxytrunks.kamailiosync.rpc.XmlRpcClient;
import org.proxytrunks.kamailiosync.state.DesiredState.Listener;
import org.proxytrunks.testing.Sipp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The shipped configuration ({@code kamailio/kamailio.cfg.template}) locked down, against a real
 * Kamailio and SIPp on loopback addresses of its own (127.0.93.x internal, 127.0.94.x outside):
 * XML-RPC only on the RPC listener, only from the internal network, only the methods the sync
 * service and the benchmark call; a request naming a provider relayed only when it reaches the
 * main address from the internal network, 403 (and a log line) everywhere else.
 *
 * <p>The main address is 127.0.93.1 (SIP on 5060, XML-RPC on its own TCP port), the additional,
 * public address 127.0.93.2 (carrier {@code k1} and DDI provider {@code d1} leave from it); the
 * internal network is {@code 127.0.93.0/24,127.0.0.1/32} (127.0.0.1 for the sync service's own
 * client, whose connections to loopback leave from 127.0.0.1).
 */
class KamailioLockdownIT {

    private static final IpLiteral MAIN = IpLiteral.parse("127.0.93.1");
    private static final IpLiteral PUBLIC = IpLiteral.parse("127.0.93.2");
    private static final String INTERNAL_NET = "127.0.93.0/24,127.0.0.1/32";
    /** An internal component (KamUsers, an application server). */
    private static final String INTERNAL = "127.0.93.10";
    /** Somebody outside the internal network. */
    private static final String OUTSIDER = "127.0.94.10";
    /** The carriers' and DDI providers' side. */
    private static final String CARRIER = "127.0.93.20";
    private static final String K1_SOCKET = "udp:127.0.93.2:5060";

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path directory;

    private final AtomicFileWriter writer = new AtomicFileWriter(Clock.systemUTC());
    private final int rpcPort = SharedTestStack.freePort();
    private Process kamailio;
    private XmlRpcClient rpc;

    @BeforeEach
    void start() throws Exception {
        Path proxytrunks = Files.createDirectories(directory.resolve("proxytrunks/tables"));
        writer.write(proxytrunks.resolve("main_address.cfg"),
                KamailioFiles.listenLines(List.of(new Listener(AddressId.MAIN, MAIN, null, true)), false));
        writer.write(proxytrunks.resolve("additional_addresses.cfg"),
                KamailioFiles.listenLines(List.of(new Listener(new AddressId("public"), PUBLIC, null, false)), false));
        writer.write(proxytrunks.resolve("tables/carriers"), KamailioFiles.providerTable(Map.of("k1", PUBLIC)));
        writer.write(proxytrunks.resolve("tables/ddi_providers"), KamailioFiles.providerTable(Map.of("d1", PUBLIC)));
        Path config = directory.resolve("kamailio.cfg");
        Files.writeString(config, Files.readString(Path.of("..", "kamailio", "kamailio.cfg.template"))
                .replace("@MAIN_IP@", MAIN.value()).replace("@RPC_PORT@", String.valueOf(rpcPort))
                .replace("@PROXYTRUNKS_DIR@", proxytrunks.toString()).replace("@INTERNAL_NET@", INTERNAL_NET));

        Process check = new ProcessBuilder("kamailio", "-c", "-f", config.toString()).redirectErrorStream(true).start();
        String checkOutput = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.waitFor(20, TimeUnit.SECONDS) && check.exitValue() == 0).as("kamailio -c: " + checkOutput).isTrue();
        kamailio = new ProcessBuilder("kamailio", "-f", config.toString(), "-DD", "-E", "-Y", directory.toString())
                .redirectErrorStream(true).redirectOutput(log().toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress(MAIN.value(), rpcPort), 200);
                break;
            } catch (IOException notYet) {
                if (!kamailio.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("Kamailio did not start: " + Files.readString(log()));
                }
                Thread.sleep(50);
            }
        }
        rpc = new XmlRpcClient(URI.create("http://" + MAIN.value() + ":" + rpcPort + "/RPC2"), Duration.ofSeconds(1), Duration.ofSeconds(3));
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (rpc != null) {
            rpc.close();
        }
        if (kamailio != null) {
            kamailio.destroy();
            if (!kamailio.waitFor(5, TimeUnit.SECONDS)) {
                kamailio.destroyForcibly();
            }
        }
    }

    /**
     * Proves that a SIP listener serves no XML-RPC over TCP, neither a public one (the additional
     * address's tcp:5060) nor the main address's SIP one, even for a client on the internal network:
     * {@code htable.sets} there is answered 403 and the table keeps its entry. Failed on the previous
     * template: the xmlrpc module handles HTTP on every TCP listener, so both calls answered 200 and
     * re-pointed carrier k1.
     */
    @Test
    void xmlRpcOverTcpOnASipListenerIsRefused() throws Exception {
        for (IpLiteral listener : List.of(PUBLIC, MAIN)) {
            HttpAnswer answer = post(INTERNAL, listener.value(), 5060,
                    methodCall("htable.sets", "carriers", "k1", "udp:127.0.93.66:5060"));
            assertThat(answer.status).as("XML-RPC on tcp:" + listener.value() + ":5060: " + answer).isEqualTo(403);
            assertThat(carriers()).as("no RPC ran on tcp:" + listener.value() + ":5060").containsEntry("k1", K1_SOCKET);
        }
        assertThat(Files.readString(log())).contains("refused XML-RPC from " + INTERNAL + " on tcp:127.0.93.2:5060");
    }

    /**
     * Proves that no UDP listener serves XML-RPC: a datagram carrying an HTTP POST of
     * {@code htable.sets} to the public address's udp:5060 (whose source anybody can forge) changes
     * nothing. Failed on the previous template: the xmlrpc module also takes HTTP from UDP, so the
     * datagram re-pointed carrier k1 — blind RPC for anyone who can forge an internal source address.
     */
    @Test
    void xmlRpcOverUdpIsRefused() throws Exception {
        byte[] request = httpPost(PUBLIC.value(), methodCall("htable.sets", "carriers", "k1", "udp:127.0.93.66:5060"));
        String answer;
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(INTERNAL, 0))) {
            socket.setSoTimeout(2000);
            socket.send(new DatagramPacket(request, request.length, new InetSocketAddress(PUBLIC.value(), 5060)));
            DatagramPacket reply = new DatagramPacket(new byte[8192], 8192);
            try {
                socket.receive(reply);
                answer = new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8);
            } catch (SocketTimeoutException none) {
                answer = "";
            }
        }
        assertThat(answer).as("no success answer over UDP").doesNotContain("200 OK");
        assertThat(carriers()).as("no RPC ran over UDP").containsEntry("k1", K1_SOCKET);
    }

    /**
     * Proves the allow-list: on the RPC listener, from the internal network, a method the sync
     * service and the benchmark do not call is answered 403 and does not run — {@code core.uptime}
     * (harmless; its answer would carry {@code uptime}), {@code htable.flush} (would empty the
     * carriers table), and {@code core.uptime} disguised with an XML comment and a character
     * reference (the name Kamailio dispatches is what the allow-list checks). Failed on the previous
     * template: every method ran (200 with the uptime, the table flushed).
     */
    @Test
    void aMethodOutsideTheAllowListIsRefusedOnTheRpcListener() throws Exception {
        HttpAnswer uptime = post(INTERNAL, MAIN.value(), rpcPort, methodCall("core.uptime"));
        assertThat(uptime.status).as(uptime.toString()).isEqualTo(403);
        assertThat(uptime.body).doesNotContain("uptime");

        HttpAnswer flush = post(INTERNAL, MAIN.value(), rpcPort, methodCall("htable.flush", "carriers"));
        assertThat(flush.status).as(flush.toString()).isEqualTo(403);
        assertThat(carriers()).as("htable.flush did not run").containsEntry("k1", K1_SOCKET);

        HttpAnswer disguised = post(INTERNAL, MAIN.value(), rpcPort,
                "<?xml version=\"1.0\"?><methodCall><methodName>core<!-- -->&#46;uptime</methodName></methodCall>");
        assertThat(disguised.status).as(disguised.toString()).isEqualTo(403);
        assertThat(disguised.body).doesNotContain("uptime");

        assertThatThrownBy(() -> rpc.call("core.uptime")).as("the sync service's client sees the refusal")
                .isInstanceOf(IOException.class).hasMessageContaining("403");
        assertThat(Files.readString(log())).contains("refused XML-RPC method core.uptime from " + INTERNAL);
    }

    /**
     * Proves that the RPC listener answers nobody outside the internal network, with a refusal the
     * client can see. Failed on the previous template in its answer only: the call did not run, but
     * {@code xmlrpc_reply("403", ...)} answers HTTP 200 with the success value 1 in Kamailio 5.6 (it
     * ignores its code), so a client could not tell it was refused.
     */
    @Test
    void theRpcListenerRefusesClientsOutsideTheInternalNetwork() throws Exception {
        HttpAnswer answer = post(OUTSIDER, MAIN.value(), rpcPort, methodCall("htable.sets", "carriers", "k1", "udp:127.0.93.66:5060"));
        assertThat(answer.status).as(answer.toString()).isEqualTo(403);
        assertThat(carriers()).containsEntry("k1", K1_SOCKET);
        assertThat(Files.readString(log())).contains("refused XML-RPC from " + OUTSIDER);
    }

    /**
     * Proves that every method the sync service (htable.sets, htable.delete, htable.reload,
     * htable.dump, corex.list_sockets, core.version) and the benchmark (core.version, htable.get)
     * call still works on the RPC listener through the sync service's own client. Passed before as
     * well: it guards the allow-list against leaving one out.
     */
    @Test
    void theAllowedMethodsWorkOnTheRpcListener() throws Exception {
        assertThat(String.valueOf(rpc.call("core.version"))).contains("kamailio");
        assertThat(String.valueOf(rpc.call("corex.list_sockets"))).contains("127.0.93.2", "5060");
        rpc.call("htable.sets", "carriers", "k2", "udp:127.0.93.1:5060");
        assertThat(String.valueOf(rpc.call("htable.get", "carriers", "k2"))).contains("udp:127.0.93.1:5060");
        assertThat(carriers()).containsEntry("k2", "udp:127.0.93.1:5060");
        rpc.call("htable.delete", "carriers", "k2");
        assertThat(carriers()).doesNotContainKey("k2");
        rpc.call("htable.sets", "carriers", "k1", "udp:127.0.93.66:5060");
        rpc.call("htable.reload", "carriers");
        assertThat(carriers()).as("reloaded from the table file").containsEntry("k1", K1_SOCKET);
    }

    /**
     * Proves the relay's lock-down: an INVITE naming a carrier or a DDI provider is answered 403 and
     * never reaches the provider when it arrives on the public address (over UDP, whose source
     * anybody can forge, or TCP), on the XML-RPC socket, or on the main address from outside the
     * internal network; and is logged. The same INVITE sent by an internal component to the main
     * address still reaches the carrier from the carrier's socket (the control). Failed on the
     * previous template: it relayed from any listener, so the INVITEs to the public address and to
     * the RPC socket reached the carrier (only the one from outside was refused).
     */
    @Test
    void aRequestNamingAProviderIsRelayedOnlyFromTheInternalNetworkToTheMainAddress() throws Exception {
        int carrierPort = SharedTestStack.freePort();
        String uas = CARRIER + ":" + carrierPort;

        CompletableFuture<Integer> carrier = Sipp.serve(directory, scenario("lockdown-carrier-uas.xml", Map.of("NAME", "control-",
                "VIA", PUBLIC.value().replace(".", "\\.") + "(:5060)?;")), CARRIER, carrierPort);
        Thread.sleep(300);
        assertThat(Sipp.run(directory, invite("control-", uas, "X-Carrier-Id", "k1", "486"), MAIN.value() + ":5060", INTERNAL))
                .as("the control: an internal component's INVITE to the main address reaches the busy carrier").isZero();
        assertThat(carrier.get(20, TimeUnit.SECONDS)).as("the carrier got it from the carrier's socket").isZero();

        try (DatagramSocket provider = new DatagramSocket(new InetSocketAddress(CARRIER, carrierPort))) {
            record Attempt(String name, String target, String from, String header, String provider, String[] extra) {
            }
            List<Attempt> attempts = List.of(
                    new Attempt("public-udp-carrier-", PUBLIC.value() + ":5060", INTERNAL, "X-Carrier-Id", "k1", new String[0]),
                    new Attempt("public-udp-ddi-", PUBLIC.value() + ":5060", INTERNAL, "X-Ddi-Provider-Id", "d1", new String[0]),
                    new Attempt("public-tcp-carrier-", PUBLIC.value() + ":5060", INTERNAL, "X-Carrier-Id", "k1", new String[] {"-t", "t1"}),
                    new Attempt("rpc-socket-carrier-", MAIN.value() + ":" + rpcPort, INTERNAL, "X-Carrier-Id", "k1", new String[] {"-t", "t1"}),
                    new Attempt("outsider-carrier-", MAIN.value() + ":5060", OUTSIDER, "X-Carrier-Id", "k1", new String[0]));
            for (Attempt attempt : attempts) {
                assertThat(Sipp.run(directory, invite(attempt.name, uas, attempt.header, attempt.provider, "403"), attempt.target,
                        attempt.from, attempt.extra)).as(attempt.name + " answered 403").isZero();
            }
            // what reached the provider meanwhile (the kernel kept it): no INVITE (an ACK of the control may linger)
            provider.setSoTimeout(1500);
            List<String> received = new java.util.ArrayList<>();
            try {
                while (true) {
                    DatagramPacket leaked = new DatagramPacket(new byte[8192], 8192);
                    provider.receive(leaked);
                    received.add(new String(leaked.getData(), 0, leaked.getLength(), StandardCharsets.UTF_8));
                }
            } catch (SocketTimeoutException nothingMore) {
                // all read
            }
            assertThat(received).as("no INVITE reached the provider").noneMatch(message -> message.startsWith("INVITE "));
        }
        String log = Files.readString(log());
        assertThat(log).contains("refused INVITE from " + INTERNAL + " on udp:127.0.93.2:5060 naming carrier [k1]",
                "refused INVITE from " + INTERNAL + " on udp:127.0.93.2:5060 naming DDI provider [d1]",
                "refused INVITE from " + OUTSIDER + " on udp:127.0.93.1:5060 naming carrier [k1]");
    }

    private Path log() {
        return directory.resolve("kamailio.log");
    }

    private Map<String, String> carriers() throws Exception {
        return HtableDump.entries(rpc.call("htable.dump", "carriers"));
    }

    private Path invite(String name, String uas, String header, String provider, String status) throws IOException {
        return scenario("lockdown-invite-uac.xml", Map.of("NAME", name, "UAS", uas, "HEADER", header, "PROVIDER", provider, "STATUS", status));
    }

    private Path scenario(String name, Map<String, String> values) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/sipp/" + name)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> replacements = new HashMap<>(values);
            String prefix = replacements.remove("NAME");
            for (Map.Entry<String, String> value : replacements.entrySet()) {
                text = text.replace("@" + value.getKey() + "@", value.getValue());
            }
            return Files.writeString(directory.resolve((prefix == null ? "" : prefix) + name), text);
        }
    }

    private static String methodCall(String method, String... params) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\"?><methodCall><methodName>").append(method).append("</methodName><params>");
        for (String param : params) {
            xml.append("<param><value><string>").append(param).append("</string></value></param>");
        }
        return xml.append("</params></methodCall>").toString();
    }

    private static byte[] httpPost(String host, String body) {
        byte[] content = body.getBytes(StandardCharsets.UTF_8);
        byte[] head = ("POST /RPC2 HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: text/xml\r\nContent-Length: " + content.length
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] request = new byte[head.length + content.length];
        System.arraycopy(head, 0, request, 0, head.length);
        System.arraycopy(content, 0, request, head.length, content.length);
        return request;
    }

    record HttpAnswer(int status, String body) {
    }

    /** One HTTP POST of {@code body} to /RPC2 at {@code host:port}, from {@code from}; status -1 when nothing came back. */
    private static HttpAnswer post(String from, String host, int port, String body) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
            socket.connect(new InetSocketAddress(host, port), 2000);
            socket.setSoTimeout(3000);
            OutputStream out = socket.getOutputStream();
            out.write(httpPost(host, body));
            out.flush();
            InputStream in = socket.getInputStream();
            String status;
            try {
                status = line(in);
            } catch (SocketTimeoutException | java.io.EOFException none) {
                return new HttpAnswer(-1, "");
            }
            int length = 0;
            for (String header = line(in); !header.isEmpty(); header = line(in)) {
                if (header.toLowerCase().startsWith("content-length:")) {
                    length = Integer.parseInt(header.substring("content-length:".length()).trim());
                }
            }
            String content = new String(in.readNBytes(length), StandardCharsets.UTF_8);
            assertThat(status).as("an HTTP answer").startsWith("HTTP/1.");
            return new HttpAnswer(Integer.parseInt(status.substring(9, 12)), content);
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new java.io.EOFException();
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }
}
