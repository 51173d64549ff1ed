package org.proxytrunks.kamailiosync.rpc;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Answers nested without end, from a loopback HTTP server: the client refuses them with an
 * {@link IOException} — before, its recursive reading ended in a {@link StackOverflowError}, which
 * no caller's {@code catch (IOException | RuntimeException)} caught — and stays usable after.
 */
class XmlRpcDepthTest {

    private static final String OK = answer("<value><string>ok</string></value>");

    private final Deque<String> answers = new ArrayDeque<>();
    private HttpServer server;

    private static String answer(String value) {
        return "<?xml version=\"1.0\"?><methodResponse><params><param>" + value + "</param></params></methodResponse>";
    }

    /** A value inside {@code depth} arrays, each holding the next as its only item. */
    private static String nestedArrays(int depth) {
        return "<value><array><data>".repeat(depth) + "<value><int>1</int></value>" + "</data></array></value>".repeat(depth);
    }

    /** A client of a loopback server that gives the queued answers, one per call. */
    private XmlRpcClient client(String... queued) throws IOException {
        answers.addAll(List.of(queued));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/RPC2", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] body = answers.remove().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return new XmlRpcClient(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/RPC2"),
                Duration.ofSeconds(1), Duration.ofSeconds(10));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void anAnswerNested100000DeepIsAnIoErrorAndTheClientGoesOn() throws Exception {
        try (XmlRpcClient client = client(answer(nestedArrays(100_000)), OK)) {
            assertThatThrownBy(() -> client.call("htable.dump", "carriers")).isInstanceOf(IOException.class)
                    .hasMessageContaining("htable.dump answered 4300").hasMessageContaining("more than the 4194304");
            assertThat(client.call("core.version")).isEqualTo("ok");
        }
    }

    @Test
    void anAnswerNested10000DeepWithinTheSizeBoundIsAnIoErrorNamingTheDepth() throws Exception {
        try (XmlRpcClient client = client(answer(nestedArrays(10_000)), OK)) {
            assertThatThrownBy(() -> client.call("htable.dump", "carriers")).isInstanceOf(IOException.class)
                    .hasMessage("the answer nests arrays and structs deeper than 64 levels");
            assertThat(client.call("core.version")).isEqualTo("ok");
        }
    }

    @Test
    void sixtyFourLevelsAreReadAndSixtyFiveAreNot() throws Exception {
        Object answer = XmlRpcClient.decode("test", answer(nestedArrays(XmlRpcClient.MAX_DEPTH)).getBytes(StandardCharsets.UTF_8));
        for (int level = 0; level < XmlRpcClient.MAX_DEPTH; level++) {
            assertThat(answer).as("level " + level).isInstanceOf(List.class);
            answer = ((List<?>) answer).get(0);
        }
        assertThat(answer).isEqualTo(1);

        byte[] deeper = answer(nestedArrays(XmlRpcClient.MAX_DEPTH + 1)).getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> XmlRpcClient.decode("test", deeper)).isInstanceOf(IOException.class)
                .hasMessageContaining("deeper than 64");
    }

    @Test
    void structsCountAsLevelsToo() {
        String nested = "<value><struct><member><name>m</name>".repeat(10_000) + "<value>x</value>"
                + "</member></struct></value>".repeat(10_000);
        assertThatThrownBy(() -> XmlRpcClient.decode("test", answer(nested).getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IOException.class).hasMessageContaining("deeper than 64");
    }

    @Test
    void elementsNestedInsideAScalarOrANameAreRefusedNotWalked() {
        String deepElements = "<b>".repeat(100_000) + "</b>".repeat(100_000);
        assertThatThrownBy(() -> XmlRpcClient.decode("test", answer("<value><string>" + deepElements + "</string></value>")
                .getBytes(StandardCharsets.UTF_8))).isInstanceOf(IOException.class).hasMessage("<string> holds an element <b>, not text");
        assertThatThrownBy(() -> XmlRpcClient.decode("test", answer("<value><struct><member><name>" + deepElements
                + "</name><value>x</value></member></struct></value>").getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IOException.class).hasMessage("<name> holds an element <b>, not text");
    }
}
