package org.proxytrunks.support.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.proxytrunks.support.web.ProblemWriter;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

import java.io.IOException;

/**
 * Answers 401 and 403 as problem details, keeping the {@code WWW-Authenticate} header that
 * the bearer-token standard asks for.
 */
final class ProblemAuthenticationHandlers implements AuthenticationEntryPoint, AccessDeniedHandler {

    private final BearerTokenAuthenticationEntryPoint bearerEntryPoint = new BearerTokenAuthenticationEntryPoint();
    private final BearerTokenAccessDeniedHandler bearerDeniedHandler = new BearerTokenAccessDeniedHandler();
    private final ProblemWriter problems;

    ProblemAuthenticationHandlers(ObjectMapper json) {
        this.problems = new ProblemWriter(json);
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e) throws IOException {
        bearerEntryPoint.commence(request, response, e);
        String detail = request.getHeader("Authorization") == null
                ? "This endpoint needs a bearer token: send 'Authorization: Bearer <token>'."
                : "The bearer token was refused: " + e.getMessage();
        write(request, response, HttpStatus.UNAUTHORIZED, "Authentication required", detail);
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e) throws IOException {
        bearerDeniedHandler.handle(request, response, e);
        write(request, response, HttpStatus.FORBIDDEN, "Not allowed",
                "Your role does not allow " + request.getMethod() + " " + request.getRequestURI() + ".");
    }

    private void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String title,
                       String detail) throws IOException {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        problems.write(request, response, problem);
    }
}
