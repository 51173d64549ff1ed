package org.proxytrunks.benchmark;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The two Kamailio RPCs the benchmark needs, over XML-RPC: {@code core.version} (is it up?) and
 * {@code htable.get} (what socket does a provider's traffic leave from?). The poller calls it
 * hundreds of times a second, so it is deliberately small: one kept-alive HTTP/1.1 connection
 * (Kamailio keeps them open), written and read directly, and the answer read by looking for the
 * member it needs rather than by building a DOM. A connection Kamailio has closed meanwhile (idle,
 * or restarted) is replaced once per call. Not thread-safe; calls are serialized.
 */
final class KamailioRpc implements AutoCloseable {

    private static final int MAX_ANSWER = 1 << 20;

    private final URI endpoint;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    KamailioRpc(URI endpoint) {
        this.endpoint = endpoint;
    }

    URI endpoint() {
        return endpoint;
    }

    /** Whether Kamailio answers {@code core.version}. */
    synchronized boolean answers() {
        try {
            String answer = call("core.version");
            return fault(answer) == null;
        } catch (IOException e) {
            return false;
        }
    }

    /** The value of {@code key} in htable {@code table}, or null when the key is not there. */
    synchronized String htableGet(String table, String key) throws IOException {
        String answer = call("htable.get", table, key);
        String fault = fault(answer);
        if (fault != null) {
            if (fault.contains("doesn't exist") || fault.contains("not found")) {
                return null;
            }
            throw new IOException("htable.get " + table + " " + key + " failed: " + fault);
        }
        return member(answer, "value");
    }

    private String call(String method, String... params) throws IOException {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\"?><methodCall><methodName>").append(method)
                .append("</methodName><params>");
        for (String param : params) {
            xml.append("<param><value><string>").append(escape(param)).append("</string></value></param>");
        }
        byte[] body = xml.append("</params></methodCall>").toString().getBytes(StandardCharsets.UTF_8);
        String path = endpoint.getRawPath() == null || endpoint.getRawPath().isEmpty() ? "/" : endpoint.getRawPath();
        byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: " + endpoint.getHost() + ":" + endpoint.getPort()
                + "\r\nContent-Type: text/xml\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        boolean fresh = socket == null;
        try {
            return exchange(head, body);
        } catch (IOException failed) {
            disconnect();
            if (fresh) {
                throw failed;
            }
            return exchange(head, body);
        }
    }

    private String exchange(byte[] head, byte[] body) throws IOException {
        if (socket == null) {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(5000);
            socket.connect(new InetSocketAddress(endpoint.getHost(), endpoint.getPort()), 2000);
            in = new BufferedInputStream(socket.getInputStream(), 8192);
            out = socket.getOutputStream();
        }
        byte[] request = new byte[head.length + body.length];
        System.arraycopy(head, 0, request, 0, head.length);
        System.arraycopy(body, 0, request, head.length, body.length);
        out.write(request);
        out.flush();
        String status = line();
        if (!status.startsWith("HTTP/1.") || status.length() < 12) {
            throw new IOException("not an HTTP answer: " + status);
        }
        int code = Integer.parseInt(status.substring(9, 12));
        int length = -1;
        boolean close = false;
        for (String header = line(); !header.isEmpty(); header = line()) {
            String lower = header.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Integer.parseInt(header.substring(15).strip());
            } else if (lower.startsWith("connection:") && lower.contains("close")) {
                close = true;
            }
        }
        if (length < 0 || length > MAX_ANSWER) {
            throw new IOException("an answer without a usable Content-Length (" + length + ")");
        }
        byte[] answer = in.readNBytes(length);
        if (answer.length < length) {
            throw new IOException("the answer ended early");
        }
        if (close) {
            disconnect();
        }
        if (code != 200) {
            throw new IOException("XML-RPC answered HTTP " + code);
        }
        return new String(answer, StandardCharsets.UTF_8);
    }

    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed");
            }
            if (b == '\n') {
                break;
            }
            if (b != '\r') {
                line.write(b);
            }
            if (line.size() > 8192) {
                throw new IOException("header line too long");
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    /** The fault string of an XML-RPC answer, or null when it is not a fault. */
    static String fault(String answer) {
        if (!answer.contains("<fault>")) {
            return null;
        }
        String text = member(answer, "faultString");
        return text == null ? "fault" : text;
    }

    /**
     * The text of the value of the first struct member named {@code name} (its {@code <string>}, or
     * the bare text of its {@code <value>}), unescaped; null when there is no such member.
     */
    static String member(String answer, String name) {
        int at = answer.indexOf("<name>" + name + "</name>");
        if (at < 0) {
            return null;
        }
        int value = answer.indexOf("<value>", at);
        if (value < 0) {
            return null;
        }
        int start = value + "<value>".length();
        int end = answer.indexOf("</value>", start);
        if (end < 0) {
            return null;
        }
        String inner = answer.substring(start, end).strip();
        if (inner.startsWith("<string>") && inner.endsWith("</string>")) {
            inner = inner.substring("<string>".length(), inner.length() - "</string>".length());
        } else if (inner.startsWith("<")) {
            int open = inner.indexOf('>');
            int close = inner.lastIndexOf("</");
            inner = open >= 0 && close > open ? inner.substring(open + 1, close) : inner;
        }
        return unescape(inner);
    }

    private static String unescape(String text) {
        return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'").replace("&amp;", "&");
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private void disconnect() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        socket = null;
        in = null;
        out = null;
    }

    @Override
    public synchronized void close() {
        disconnect();
    }
}
