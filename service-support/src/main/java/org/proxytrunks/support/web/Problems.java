package org.proxytrunks.support.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

import java.net.URI;
import java.util.List;

/** Builds the suite's problem details: a stable type per kind of problem, a title, and a detail to act on. */
public final class Problems {

    private static final String TYPE_BASE = "https://proxytrunks.org/problems/";

    private Problems() {
    }

    public static ProblemDetail of(HttpStatus status, String type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_BASE + type));
        problem.setTitle(title);
        return problem;
    }

    /** A 400 naming every field to fix, under the {@code errors} member. */
    public static ProblemDetail invalidFields(List<FieldProblem> problems) {
        String fields = String.join(", ", problems.stream().map(FieldProblem::field).distinct().toList());
        ProblemDetail problem = of(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request",
                "Fix these fields and send the request again: " + fields + ".");
        problem.setProperty("errors", problems);
        return problem;
    }
}
