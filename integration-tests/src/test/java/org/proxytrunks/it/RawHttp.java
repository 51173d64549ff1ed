package org.proxytrunks.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, one request per connection, sending exactly what it is given:
 * any method, a request target no URI class would accept, any header value, any body bytes,
 * chunked or with a length. What a careful client library refuses to send, a hostile one sends.
 */
final class RawHttp {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RawHttp() {
    }

    /**
     * A request. Header values and the target are written as ISO-8859-1, one byte a character.
     *
     * @param method  the method, sent as it is
     * @param target  the request target (path and query), sent as it is
     * @param headers header lines, name to value (Host, Connection and the body's length or chunking are added)
     * @param body    the body bytes, or null for none
     * @param chunked whether the body goes chunked instead of with a Content-Length
     */
    record Request(String method, String target, Map<String, String> headers, byte[] body, boolean chunked) {

        @Override
        public String toString() {
            Map<String, String> shown = new LinkedHashMap<>(headers);
            shown.computeIfPresent("Authorization", (name, value) -> abbreviate(value, 24));
            return method + " " + abbreviate(target, 300) + " " + shown + (chunked ? " chunked" : "")
                    + (body == null ? "" : " body(" + body.length + ")=" + abbreviate(new String(body, StandardCharsets.UTF_8), 300));
        }
    }

    /**
     * An answer.
     *
     * @param status  the status code; 0 for an HTTP/0.9 answer
     * @param headers the headers, names in lower case
     * @param body    the body as UTF-8 text
     */
    record Answer(int status, Map<String, String> headers, String body) {

        /**
         * Whether it is an HTTP/0.9 answer, a body without status line or headers: what Tomcat
         * sends to a request line without a valid HTTP version (a space, CR or LF in the target).
         */
        boolean http09() {
            return status == 0;
        }

        String contentType() {
            return headers.getOrDefault("content-type", "");
        }

        /** The body as JSON, or null when it is not JSON. */
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                return null;
            }
        }

        @Override
        public String toString() {
            return status + " " + contentType() + " " + abbreviate(body, 400);
        }
    }

    static Answer send(int port, Request request) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            StringBuilder head = new StringBuilder(request.method()).append(' ').append(request.target()).append(" HTTP/1.1\r\n")
                    .append("Host: 127.0.0.1:").append(port).append("\r\nConnection: close\r\n");
            request.headers().forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
            if (request.body() != null) {
                head.append(request.chunked() ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + request.body().length + "\r\n");
            }
            head.append("\r\n");
            try {
                out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
                if (request.body() != null) {
                    writeBody(out, request);
                }
                out.flush();
            } catch (IOException refusedWhileSending) {
                // the server may answer and close before it has read a body it refuses: read what it said
            }
            return parse(read(socket.getInputStream()));
        } catch (IOException e) {
            throw new UncheckedIOException("no answer to " + request, e);
        }
    }

    /**
     * The answer's bytes up to the end of the connection or, for an event stream (which stays
     * open), up to the end of its head: the stream's events are not the fuzz's business, and
     * reading them would wait for the stream's time-out.
     */
    private static byte[] read(InputStream in) throws IOException {
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            read.write(buffer, 0, n);
            byte[] bytes = read.toByteArray();
            int headEnd = indexOf(bytes, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            if (headEnd >= 0 && new String(bytes, 0, headEnd, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT)
                    .contains("\r\ncontent-type: text/event-stream")) {
                return Arrays.copyOf(bytes, headEnd + 4);
            }
        }
        return read.toByteArray();
    }

    private static void writeBody(OutputStream out, Request request) throws IOException {
        if (!request.chunked()) {
            out.write(request.body());
            return;
        }
        int chunk = 4096;
        for (int at = 0; at < request.body().length; at += chunk) {
            int length = Math.min(chunk, request.body().length - at);
            out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(request.body(), at, length);
            out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    }

    private static Answer parse(byte[] bytes) throws IOException {
        if (!new String(bytes, 0, Math.min(bytes.length, 5), StandardCharsets.ISO_8859_1).equals("HTTP/")) {
            return new Answer(0, Map.of(), new String(bytes, StandardCharsets.UTF_8));
        }
        int headEnd = indexOf(bytes, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        if (headEnd < 0) {
            throw new IOException("not an HTTP answer (" + bytes.length + " bytes): "
                    + abbreviate(new String(bytes, StandardCharsets.ISO_8859_1), 300));
        }
        String[] lines = new String(bytes, 0, headEnd, StandardCharsets.ISO_8859_1).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        byte[] body = Arrays.copyOfRange(bytes, headEnd + 4, bytes.length);
        // of an event stream only the head was read
        boolean stream = headers.getOrDefault("content-type", "").startsWith("text/event-stream");
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding")) && !stream) {
            body = dechunk(body);
        }
        return new Answer(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    private static byte[] dechunk(byte[] chunked) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        InputStream in = new ByteArrayInputStream(chunked);
        while (true) {
            StringBuilder size = new StringBuilder();
            int c;
            while ((c = in.read()) != '\n') {
                if (c < 0) {
                    throw new IOException("a chunked body ends inside a chunk size");
                }
                if (c != '\r') {
                    size.append((char) c);
                }
            }
            int length = Integer.parseInt(size.toString().split(";")[0].trim(), 16);
            if (length == 0) {
                return body.toByteArray();
            }
            byte[] chunk = in.readNBytes(length);
            if (chunk.length < length) {
                throw new IOException("a chunked body ends inside a chunk");
            }
            body.write(chunk);
            in.skipNBytes(2);
        }
    }

    private static int indexOf(byte[] bytes, byte[] wanted) {
        outer:
        for (int i = 0; i + wanted.length <= bytes.length; i++) {
            for (int j = 0; j < wanted.length; j++) {
                if (bytes[i + j] != wanted[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** {@code text} with control characters shown as '?' and cut to {@code length}, saying how long it was. */
    static String abbreviate(String text, int length) {
        String printable = text.replaceAll("\\p{Cntrl}", "?");
        return printable.length() > length ? printable.substring(0, length) + "...(" + printable.length() + ")" : printable;
    }
}
