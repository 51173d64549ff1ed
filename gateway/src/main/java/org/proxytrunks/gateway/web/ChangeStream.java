package org.proxytrunks.gateway.web;

import org.proxytrunks.gateway.GatewayProperties;
import org.proxytrunks.gateway.signin.SessionActor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.core.task.support.TaskExecutorAdapter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.config.annotation.AsyncSupportConfigurer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Semaphore;

/**
 * The projector's live changes ({@code GET /api/changes}, Server-Sent Events) relayed to the
 * browser as they come, each read flushed at once. A general-purpose proxy buffers a response
 * before passing it on, which would hold back every change until the buffer filled; this relay
 * copies the stream itself. When the browser goes away the next write fails and the stream to
 * the projector is closed with it; when the projector ends the stream, the browser's
 * EventSource reconnects. At most {@code proxytrunks.gateway.max-change-streams} are open at once
 * (each holds a thread); beyond that, 429.
 */
@RestController
class ChangeStream implements WebMvcConfigurer {

    private static final Logger log = LoggerFactory.getLogger(ChangeStream.class);

    private final URI changes;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Semaphore open;
    private final int maxStreams;

    ChangeStream(GatewayProperties services, @Value("${proxytrunks.gateway.max-change-streams:200}") int maxStreams) {
        this.changes = services.projector().resolve("/api/changes");
        this.maxStreams = maxStreams;
        this.open = new Semaphore(maxStreams);
    }

    @Override
    public void configureAsyncSupport(AsyncSupportConfigurer async) {
        // one thread per open stream, bounded by the semaphore: a pool with a queue would hold the
        // streams beyond its size waiting, silently, for a thread that frees only when a browser leaves
        SimpleAsyncTaskExecutor threads = new SimpleAsyncTaskExecutor("change-stream-");
        threads.setVirtualThreads(false);
        async.setTaskExecutor(new TaskExecutorAdapter(threads));
    }

    @GetMapping(value = "/api/changes")
    ResponseEntity<StreamingResponseBody> changes(@AuthenticationPrincipal SessionActor actor) throws IOException, InterruptedException {
        if (!open.tryAcquire()) {
            return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS).header(HttpHeaders.RETRY_AFTER, "5")
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(bytes(("{\"title\":\"Too many live streams\",\"status\":429,"
                            + "\"detail\":\"The gateway holds " + maxStreams + " live change streams already; try again shortly.\"}")
                            .getBytes(StandardCharsets.UTF_8)));
        }
        HttpResponse<InputStream> upstream;
        try {
            upstream = client.send(HttpRequest.newBuilder(changes).header(HttpHeaders.ACCEPT, MediaType.TEXT_EVENT_STREAM_VALUE)
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + actor.bearer()).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException | InterruptedException | RuntimeException e) {
            open.release();
            throw e;
        }
        if (upstream.statusCode() != 200) {
            // the projector's refusal (a problem detail) as it gave it
            try (InputStream body = upstream.body()) {
                return ResponseEntity.status(upstream.statusCode())
                        .contentType(MediaType.parseMediaType(upstream.headers().firstValue(HttpHeaders.CONTENT_TYPE)
                                .orElse(MediaType.APPLICATION_PROBLEM_JSON_VALUE)))
                        .body(bytes(body.readNBytes(16_384)));
            } finally {
                open.release();
            }
        }
        return ResponseEntity.ok().contentType(MediaType.TEXT_EVENT_STREAM)
                .header(HttpHeaders.CACHE_CONTROL, "no-store").header("X-Accel-Buffering", "no")
                .body(out -> copy(upstream.body(), out));
    }

    private static StreamingResponseBody bytes(byte[] body) {
        return out -> out.write(body);
    }

    private void copy(InputStream from, OutputStream to) {
        byte[] buffer = new byte[8192];
        try (from) {
            int read;
            while ((read = from.read(buffer)) >= 0) {
                to.write(buffer, 0, read);
                to.flush();
            }
        } catch (IOException e) {
            log.debug("A live change stream ended: {}", e.toString());
        } finally {
            open.release();
        }
    }
}
