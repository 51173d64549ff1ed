package org.proxytrunks.kamailiosync.rpc;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The client's kept connection against a small HTTP server on the loopback that answers like
 * Kamailio and closes each connection after a set number of calls.
 */
class XmlRpcConnectionTest {

    private static final String ANSWER = "<?xml version=\"1.0\"?><methodResponse><params><param><value><string>ok</string>"
            + "</value></param></params></methodResponse>";

    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger calls = new AtomicInteger();
    private ServerSocket server;

    private URI serve(int callsPerConnection) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket connection = server.accept()) {
                    connections.incrementAndGet();
                    answer(connection, callsPerConnection);
                } catch (IOException closed) {
                    // the test is over, or the client went away
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        return URI.create("http://127.0.0.1:" + server.getLocalPort() + "/RPC2");
    }

    private void answer(Socket connection, int callsPerConnection) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(connection.getInputStream(), StandardCharsets.US_ASCII));
        OutputStream out = connection.getOutputStream();
        for (int i = 0; i < callsPerConnection; i++) {
            int length = -1;
            String line = reader.readLine();
            if (line == null) {
                return;
            }
            for (; !line.isEmpty(); line = reader.readLine()) {
                if (line.toLowerCase().startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).trim());
                }
            }
            reader.skip(length);
            calls.incrementAndGet();
            byte[] body = ANSWER.getBytes(StandardCharsets.UTF_8);
            out.write(("HTTP/1.1 200 OK\r\nSia: SIP Express Router\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
        }
    }

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void callsShareOneConnection() throws Exception {
        try (XmlRpcClient client = new XmlRpcClient(serve(100), Duration.ofSeconds(1), Duration.ofSeconds(2))) {
            for (int i = 0; i < 5; i++) {
                assertThat(client.call("htable.sets", "carriers", "c" + i, "udp:127.0.0.2:5060")).isEqualTo("ok");
            }
        }
        assertThat(calls).hasValue(5);
        assertThat(connections).hasValue(1);
    }

    @Test
    void aCallOnAConnectionTheServerClosedIsSentAgainOnANewOne() throws Exception {
        try (XmlRpcClient client = new XmlRpcClient(serve(2), Duration.ofSeconds(1), Duration.ofSeconds(2))) {
            for (int i = 0; i < 5; i++) {
                assertThat(client.call("core.version")).isEqualTo("ok");
            }
        }
        assertThat(calls).hasValue(5);
        assertThat(connections).hasValue(3);
    }

    @Test
    void aNewConnectionClosedWithoutAnAnswerIsAnIoErrorAndIsNotTriedAgain() throws Exception {
        try (XmlRpcClient client = new XmlRpcClient(serve(0), Duration.ofMillis(500), Duration.ofSeconds(1))) {
            assertThatThrownBy(() -> client.call("core.version")).isInstanceOf(IOException.class);
        }
        assertThat(calls).hasValue(0);
        assertThat(connections).hasValue(1);
    }
}
