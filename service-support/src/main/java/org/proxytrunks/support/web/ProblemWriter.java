package org.proxytrunks.support.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

/** Writes a problem detail straight to a response, for filters that answer before any controller. */
public final class ProblemWriter {

    private final ObjectMapper json;

    public ProblemWriter(ObjectMapper json) {
        this.json = json;
    }

    public void write(HttpServletRequest request, HttpServletResponse response, ProblemDetail problem) throws IOException {
        instance(request.getRequestURI()).ifPresent(problem::setInstance);
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }

    /**
     * The request's path as the problem's {@code instance}, unless it is not a URI: a refused
     * request's path can hold anything Tomcat passed ({@code /a;b%}, a broken escape in a path
     * parameter), and the refusal must still go out.
     */
    private static Optional<URI> instance(String path) {
        try {
            return Optional.of(new URI(path));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }
}
