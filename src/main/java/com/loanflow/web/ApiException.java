package com.loanflow.web;

import org.springframework.http.HttpStatus;

/**
 * A client error the API answers with a problem document: the status, a stable problem type slug
 * ({@code urn:loanflow:problem:<type>}) and a detail that says what was wrong.
 */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final String type;
    private final String field;

    public ApiException(HttpStatus status, String type, String detail) {
        this(status, type, detail, null);
    }

    private ApiException(HttpStatus status, String type, String detail, String field) {
        super(detail);
        this.status = status;
        this.type = type;
        this.field = field;
    }

    /** A value the request carried is not acceptable: 400 with the field named in {@code errors}. */
    public static ApiException invalid(String field, String message) {
        return new ApiException(HttpStatus.BAD_REQUEST, "validation-failed", message, field);
    }

    /** The request field at fault, for validation errors; null otherwise. */
    public String field() {
        return field;
    }

    public HttpStatus status() {
        return status;
    }

    public String type() {
        return type;
    }

    public static ApiException notFound(String what, String id) {
        return new ApiException(HttpStatus.NOT_FOUND, "not-found", what + " " + id + " does not exist");
    }

    public static ApiException conflict(String type, String detail) {
        return new ApiException(HttpStatus.CONFLICT, type, detail);
    }

    public static ApiException unprocessable(String type, String detail) {
        return new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, type, detail);
    }
}
