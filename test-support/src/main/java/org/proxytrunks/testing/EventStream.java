package org.proxytrunks.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A Server-Sent Events stream read over a real HTTP connection: its status and head at once, then
 * its events and comments as they come, read by a thread of its own so that a test waits for them
 * with a time limit. An answer that is not a stream (a refusal) is read whole into {@link #body()}.
 * Closing it closes the connection.
 */
public final class EventStream implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** What the reader hands over when the server has ended the stream. */
    private static final Event END = new Event(null, null, null, null);

    /**
     * An event of the stream, or a comment line.
     *
     * @param name    the {@code event:} field, or null
     * @param id      the {@code id:} field, or null
     * @param data    the {@code data:} lines joined, or null
     * @param comment the text of a comment line ({@code : text}), or null for an event
     */
    public record Event(String name, String id, String data, String comment) {
    }

    private final int status;
    private final Map<String, List<String>> headers;
    private final InputStream in;
    private final String body;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private volatile boolean ended;

    private EventStream(HttpResponse<InputStream> response) throws IOException {
        this.status = response.statusCode();
        this.headers = response.headers().map();
        this.in = response.body();
        if (contentType().startsWith("text/event-stream")) {
            this.body = null;
            Thread reader = new Thread(this::read, "event-stream-reader");
            reader.setDaemon(true);
            reader.start();
        } else {
            try (in) {
                this.body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
    }

    /** Opens {@code path} on {@code port} with {@code method} (GET or HEAD) as the holder of {@code token} (may be null). */
    public static EventStream open(int port, String method, String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).header("Accept", "text/event-stream");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return new EventStream(HTTP.sendAsync(request.build(), HttpResponse.BodyHandlers.ofInputStream())
                    .get(30, TimeUnit.SECONDS));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("no answer from " + path, e);
        }
    }

    public int status() {
        return status;
    }

    public Map<String, List<String>> headers() {
        return headers;
    }

    public String contentType() {
        return headers.getOrDefault("content-type", List.of("")).get(0);
    }

    /** The whole body of an answer that is not an event stream; null for a stream. */
    public String body() {
        return body;
    }

    /** Every line of the stream read so far, as sent. */
    public List<String> lines() {
        return List.copyOf(lines);
    }

    /** The next event or comment, or null when none comes within {@code timeout} or the stream has ended. */
    public Event next(Duration timeout) throws InterruptedException {
        if (ended && events.isEmpty()) {
            return null;
        }
        Event next = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (next == END) {
            ended = true;
            return null;
        }
        return next;
    }

    /** The first event or comment that matches {@code wanted}, skipping the others, or null when none comes within {@code timeout}. */
    public Event await(Predicate<Event> wanted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            Event next = next(Duration.ofNanos(left));
            if (next == null || wanted.test(next)) {
                return next;
            }
        }
    }

    /** Whether the server ends the stream within {@code timeout} (what comes before the end is skipped). */
    public boolean awaitEnd(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ended) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            next(Duration.ofNanos(left));
        }
        return true;
    }

    private void read() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String name = null;
            String id = null;
            StringBuilder data = null;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines.add(line);
                if (line.isEmpty()) {
                    if (name != null || id != null || data != null) {
                        events.add(new Event(name, id, data == null ? null : data.toString(), null));
                    }
                    name = null;
                    id = null;
                    data = null;
                } else if (line.startsWith(":")) {
                    events.add(new Event(null, null, null, value(line, 0)));
                } else {
                    int colon = line.indexOf(':');
                    String field = colon < 0 ? line : line.substring(0, colon);
                    String value = colon < 0 ? "" : value(line, colon);
                    switch (field) {
                        case "event" -> name = value;
                        case "id" -> id = value;
                        case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                        default -> {
                            // retry and unknown fields
                        }
                    }
                }
            }
        } catch (IOException closed) {
            // closed by this side, or cut
        } finally {
            events.add(END);
        }
    }

    /** The value after the colon at {@code colon}, without the one space that may follow it. */
    private static String value(String line, int colon) {
        String value = line.substring(colon + 1);
        return value.startsWith(" ") ? value.substring(1) : value;
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            // the connection is gone either way
        }
    }
}
