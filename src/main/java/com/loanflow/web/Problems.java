package com.loanflow.web;

import java.net.URI;
import java.util.List;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/** Builds the RFC 9457 problem documents of API.md: type, title, status, detail and, for validation, errors. */
public final class Problems {

    private static final String TYPE_PREFIX = "urn:loanflow:problem:";

    private Problems() {
    }

    public record FieldError(String field, String message) {
    }

    public static ProblemDetail of(HttpStatusCode status, String type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_PREFIX + type));
        problem.setTitle(title);
        return problem;
    }

    public static ProblemDetail validation(String detail, List<FieldError> errors) {
        ProblemDetail problem = of(HttpStatusCode.valueOf(400), "validation-failed", "Request is not valid", detail);
        problem.setProperty("errors", errors);
        return problem;
    }
}
