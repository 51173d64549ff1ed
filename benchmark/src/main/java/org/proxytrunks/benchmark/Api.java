package org.proxytrunks.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The services' HTTP APIs, as a client sees them: one {@link HttpClient} (HTTP/1.1, keep-alive
 * connections reused), a God token on every request, and a small executor for the answers so the
 * client stays lean on a small machine.
 */
final class Api implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    private final Settings settings;
    private final ExecutorService executor;
    private final HttpClient http;
    private final String authorization;

    Api(Settings settings) {
        this.settings = settings;
        this.executor = Executors.newFixedThreadPool(2, Threads.daemon("http"));
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .executor(executor).build();
        this.authorization = "Bearer " + settings.token();
    }

    /** {@code PUT /api/brands/{brand}/carriers/{carrier}} with {@code {"addressId": address}}. */
    HttpRequest setCarrier(String brand, String carrier, String addressId) {
        return json(settings.assignmentUrl(), "/api/brands/" + brand + "/carriers/" + carrier)
                .PUT(HttpRequest.BodyPublishers.ofString("{\"addressId\":\"" + addressId + "\"}")).build();
    }

    /** {@code PUT /api/brands/{brand}} with its addresses. */
    HttpRequest defineBrand(String brand, Iterable<String> addressIds) {
        StringBuilder body = new StringBuilder("{\"addressIds\":[");
        String separator = "";
        for (String id : addressIds) {
            body.append(separator).append('"').append(id).append('"');
            separator = ",";
        }
        body.append("]}");
        return json(settings.assignmentUrl(), "/api/brands/" + brand).PUT(HttpRequest.BodyPublishers.ofString(body.toString())).build();
    }

    /** {@code POST /api/addresses}. */
    HttpRequest addAddress(String name, String ip) {
        return json(settings.addressUrl(), "/api/addresses")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + name + "\",\"ip\":\"" + ip + "\"}")).build();
    }

    /** {@code GET /api/brands/{brand}/carriers/{carrier}?waitFor=position} on the projector. */
    HttpRequest readCarrier(String brand, String carrier, String position, Duration timeout) {
        return request(settings.projectorUrl(), "/api/brands/" + brand + "/carriers/" + carrier + "?waitFor=" + position)
                .timeout(timeout).GET().build();
    }

    HttpRequest get(URI base, String path) {
        return request(base, path).GET().build();
    }

    HttpRequest post(URI base, String path) {
        return request(base, path).POST(HttpRequest.BodyPublishers.noBody()).build();
    }

    HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    CompletableFuture<HttpResponse<String>> sendAsync(HttpRequest request) {
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Sends, and reads the JSON answer; anything but a 2xx is an IOException naming the answer. */
    JsonNode call(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = send(request);
        if (response.statusCode() / 100 != 2) {
            throw new IOException(request.method() + " " + request.uri().getPath() + " answered " + response.statusCode()
                    + ": " + abbreviate(response.body()));
        }
        return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
    }

    /** Whether {@code base}'s {@code /actuator/health} answers 200. */
    boolean healthy(URI base) {
        try {
            HttpRequest request = HttpRequest.newBuilder(base.resolve("/actuator/health")).timeout(Duration.ofSeconds(5)).GET().build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    Settings settings() {
        return settings;
    }

    static String abbreviate(String text) {
        String line = text == null ? "" : text.replaceAll("\\s+", " ").strip();
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }

    private HttpRequest.Builder json(URI base, String path) {
        return request(base, path).header("Content-Type", "application/json");
    }

    private HttpRequest.Builder request(URI base, String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(settings.sizes().commandTimeout())
                .header("Authorization", authorization).header("Accept", "application/json");
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
