package org.proxytrunks.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.proxytrunks.embedded.SharedTestStack;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A service application started in this JVM on a free loopback port, wired to the shared
 * embedded stack (or to the servers a test names), and an HTTP client for it.
 */
public final class RunningService implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final ConfigurableApplicationContext context;
    private final int port;

    private RunningService(ConfigurableApplicationContext context, int port) {
        this.context = context;
        this.port = port;
    }

    /**
     * Properties that point a service at {@code stack}: its Kafka, its MongoDB server with a
     * database of its own, its token key, and a unique Kafka transaction prefix.
     */
    public static Map<String, Object> wiredTo(SharedTestStack stack, String mongoUri, String database) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("spring.data.mongodb.uri", mongoUri);
        properties.put("spring.data.mongodb.database", database);
        properties.put("axon.kafka.bootstrap-servers", stack.kafka().bootstrapServers());
        properties.put("proxytrunks.projector.kafka-bootstrap", stack.kafka().bootstrapServers());
        properties.put("proxytrunks.kamailio.kafka-bootstrap", stack.kafka().bootstrapServers());
        properties.put("axon.kafka.producer.transaction-id-prefix", "test-" + UUID.randomUUID() + "-");
        properties.put("proxytrunks.security.jwt.public-key-location", stack.keys().publicKeyFile().toString());
        properties.put("axoniq.update-checker.disabled", "true");
        return properties;
    }

    /** Starts {@code application} on a free port, {@code properties} overriding its configuration. */
    public static RunningService start(SpringApplicationBuilder application, Map<String, Object> properties) {
        return start(application, properties, SharedTestStack.freePort());
    }

    /** Starts {@code application} on {@code port} (one reserved earlier, that other services were told of). */
    public static RunningService start(SpringApplicationBuilder application, Map<String, Object> properties, int port) {
        Map<String, Object> all = new HashMap<>(properties);
        all.put("server.port", port);
        all.put("management.server.port", port);
        String[] arguments = all.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        ConfigurableApplicationContext context = application.run(arguments);
        return new RunningService(context, port);
    }

    public ConfigurableApplicationContext context() {
        return context;
    }

    public int port() {
        return port;
    }

    /** Sends a request; {@code token} and {@code body} may be null. */
    public Response send(String method, String path, String token, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.body(), response.headers().map());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        context.close();
    }

    /** An HTTP answer. */
    public record Response(int status, String contentType, String body, Map<String, java.util.List<String>> headers) {

        /** The body as JSON. */
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }

        @Override
        public String toString() {
            return status + " " + contentType + " " + body;
        }
    }
}
