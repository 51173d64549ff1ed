package org.proxytrunks.address.removal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import org.proxytrunks.events.AddressId;
import org.proxytrunks.support.dryrun.CallerBearer;
import org.proxytrunks.support.dryrun.PreviewEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;

/**
 * Asks the assignment service how a removal round would end, without anything happening there
 * ({@code POST /api/addresses/{id}/retirement-preview?round=&moveProvidersTo=}), on the caller's
 * behalf ({@link CallerBearer}): in a real removal that side answers over Kafka, which a preview
 * cannot wait for, since nothing of it is published. It answers whether every brand would accept
 * the round, the reasons when one would not, and the events it would publish (the providers moved
 * to the fallback, the round confirmed).
 *
 * <p>Both timeouts are bounded ({@code proxytrunks.dry-run.assignment-timeout}): the preview that
 * asks holds the address for as long as the question takes.
 */
@Component
public class RetirementPreviews {

    private static final Logger LOG = LoggerFactory.getLogger(RetirementPreviews.class);

    private final URI assignment;
    private final Duration timeout;
    private final ObjectReader answers;
    private final HttpClient http;

    RetirementPreviews(@Value("${proxytrunks.dry-run.assignment-service-url}") URI assignment,
                       @Value("${proxytrunks.dry-run.assignment-timeout:5s}") Duration timeout, ObjectMapper json) {
        this.assignment = assignment;
        this.timeout = timeout;
        // a field the contract adds later must not make every removal preview fail
        this.answers = json.readerFor(Answer.class).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
    }

    /**
     * How the assignment side would answer removal round {@code round} of {@code address}.
     *
     * @param accepted whether every brand would let the address go (after moving its providers to the fallback, if one is given)
     * @param reasons  why not, when not accepted
     * @param events   the events the assignment side would publish for the round, in order
     */
    record Answer(Boolean accepted, List<String> reasons, List<PreviewEvent> events) {

        Answer {
            reasons = reasons == null ? List.of() : List.copyOf(reasons);
            events = events == null ? List.of() : List.copyOf(events);
        }
    }

    /**
     * Asks about round {@code round} of {@code address}, whose providers are to be moved to
     * {@code fallback} (null for a plain removal).
     *
     * @throws UnavailableException when the assignment service cannot be asked or gives no usable answer
     */
    Answer ask(AddressId address, long round, AddressId fallback) {
        URI uri = assignment.resolve("/api/addresses/" + address + "/retirement-preview?round=" + round
                + (fallback == null ? "" : "&moveProvidersTo=" + fallback));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Accept", "application/json").POST(HttpRequest.BodyPublishers.noBody());
        CallerBearer.current().ifPresent(token -> request.header("Authorization", "Bearer " + token));
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw unavailable("it answered " + response.statusCode(), null);
            }
            Answer answer = answers.readValue(response.body());
            if (answer.accepted() == null) {
                throw unavailable("its answer does not say whether the removal would be accepted", null);
            }
            return answer;
        } catch (JsonProcessingException e) {
            throw unavailable("its answer could not be read", e);
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw unavailable("it cannot be reached", e);
        } catch (HttpTimeoutException e) {
            throw unavailable("it did not answer within " + timeout.toMillis() + " ms", e);
        } catch (IOException e) {
            throw unavailable("the exchange with it failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("the question was interrupted", e);
        }
    }

    private UnavailableException unavailable(String why, Exception cause) {
        LOG.warn("The assignment service at {} cannot preview a removal now: {}{}", assignment, why,
                cause == null ? "" : " (" + cause + ")");
        return new UnavailableException("the assignment service, which checks every brand's use of the address, "
                + "cannot preview the removal now (" + why + ")", cause);
    }

    /** The assignment service cannot be asked now: a removal cannot be previewed, which says nothing of the removal itself. */
    public static final class UnavailableException extends RuntimeException {
        UnavailableException(String message, Exception cause) {
            super(message, cause);
        }
    }
}
