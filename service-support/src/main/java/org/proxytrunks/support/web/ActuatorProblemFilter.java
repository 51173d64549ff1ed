package org.proxytrunks.support.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

import java.io.IOException;

/**
 * The actuator's refusals as problem details. Its endpoints answer some errors with a status and
 * no body (an unknown health component is a bare 404), written and flushed before any error
 * handling of the service could see them. Below {@code /actuator/} the answer is held until the
 * endpoint is done; an error without a body gets a problem detail, anything else goes out as it
 * was written.
 */
final class ActuatorProblemFilter extends OncePerRequestFilter {

    private final ProblemWriter problems;

    ActuatorProblemFilter(ProblemWriter problems) {
        this.problems = problems;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/actuator/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        ContentCachingResponseWrapper held = new ContentCachingResponseWrapper(response);
        chain.doFilter(request, held);
        int status = held.getStatus();
        if (status >= 400 && held.getContentSize() == 0 && !response.isCommitted()) {
            HttpStatus known = HttpStatus.resolve(status);
            ProblemDetail problem = ProblemDetail.forStatus(status);
            problem.setTitle(known == null ? "Error " + status : known.getReasonPhrase());
            problem.setDetail(status == 404 ? "There is nothing at this path." : "The request could not be answered.");
            problems.write(request, response, problem);
            return;
        }
        held.copyBodyToResponse();
    }
}
