package org.proxytrunks.benchmark;

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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The benchmark's two Kamailio calls against answers written as Kamailio 5.6 writes them, served on the loopback. */
class KamailioRpcTest {

    private static final String FOUND = """
            <?xml version="1.0"?>
            <methodResponse>
            <params>
            <param>
            <value><struct><member><name>item</name><value><struct><member><name>name</name><value><string>bench-b00-c000</string></value></member><member><name>value</name><value><string>udp:127.0.80.2:5060</string></value></member><member><name>flags</name><value><int>2</int></value></member><member><name>expire</name><value><string>NEVER</string></value></member></struct></value></member></struct>
            </value>
            </param>
            </params>
            </methodResponse>
            """;

    private static final String MISSING = """
            <?xml version="1.0"?>
            <methodResponse>
            <fault>
            <value>
            <struct>
            <member>
            <name>faultCode</name>
            <value><int>500</int></value>
            </member>
            <member>
            <name>faultString</name>
            <value><string>Key name doesn't exist in htable.</string></value>
            </member>
            </struct>
            </value>
            </fault>
            </methodResponse>
            """;

    private static final String OTHER_FAULT = MISSING.replace("Key name doesn't exist in htable.", "No such htable");

    private ServerSocket server;

    /** Serves one connection that answers every call with {@code answer}. */
    private URI answering(String answer) throws IOException {
        server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        Thread serving = new Thread(() -> {
            try (Socket connection = server.accept()) {
                BufferedReader reader = new BufferedReader(new InputStreamReader(connection.getInputStream(), StandardCharsets.US_ASCII));
                OutputStream out = connection.getOutputStream();
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    int length = 0;
                    for (; !line.isEmpty(); line = reader.readLine()) {
                        if (line.toLowerCase().startsWith("content-length:")) {
                            length = Integer.parseInt(line.substring(15).trim());
                        }
                    }
                    reader.skip(length);
                    byte[] body = answer.getBytes(StandardCharsets.UTF_8);
                    out.write(("HTTP/1.1 200 OK\r\nSia: SIP Express Router\r\nContent-Length: " + body.length + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    out.write(body);
                    out.flush();
                }
            } catch (IOException closed) {
                // the test is over
            }
        });
        serving.setDaemon(true);
        serving.start();
        return URI.create("http://127.0.0.1:" + server.getLocalPort() + "/RPC2");
    }

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void readsTheValueOfAnHtableItem() throws Exception {
        try (KamailioRpc rpc = new KamailioRpc(answering(FOUND))) {
            assertThat(rpc.answers()).isTrue();
            assertThat(rpc.htableGet("carriers", "bench-b00-c000")).isEqualTo("udp:127.0.80.2:5060");
        }
    }

    @Test
    void aKeyThatIsNotThereIsNull() throws Exception {
        try (KamailioRpc rpc = new KamailioRpc(answering(MISSING))) {
            assertThat(rpc.htableGet("carriers", "nothing")).isNull();
        }
    }

    @Test
    void anyOtherFaultIsAnError() throws Exception {
        try (KamailioRpc rpc = new KamailioRpc(answering(OTHER_FAULT))) {
            assertThatThrownBy(() -> rpc.htableGet("nowhere", "x")).isInstanceOf(IOException.class).hasMessageContaining("No such htable");
        }
    }

    /**
     * A Kamailio that takes the connection but closes it unanswered is not up. (A closed port is
     * not used for this: once freed, another process on the machine may take it between the
     * close and the call — seen once in a full test run.)
     */
    @Test
    void nobodyAnsweringIsNotUp() throws Exception {
        server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        Thread hangingUp = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket connection = server.accept()) {
                    connection.getInputStream().read();
                } catch (IOException closed) {
                    // the test is over
                }
            }
        });
        hangingUp.setDaemon(true);
        hangingUp.start();
        try (KamailioRpc rpc = new KamailioRpc(URI.create("http://127.0.0.1:" + server.getLocalPort() + "/RPC2"))) {
            assertThat(rpc.answers()).isFalse();
        }
    }
}
