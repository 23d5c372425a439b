package com.loanflow.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import jakarta.validation.ConstraintViolationException;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns every client mistake into the problem document API.md promises, so nothing a client sends yields a 500.
 * Only LoanFlow's own controllers are covered; the engine REST API answers in Camunda's own error format.
 */
@RestControllerAdvice(basePackages = "com.loanflow")
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(ApiException.class)
    ResponseEntity<Object> handleApi(ApiException ex) {
        if (ex.field() != null) {
            return problem(Problems.validation(ex.field() + " " + ex.getMessage(),
                    List.of(new Problems.FieldError(ex.field(), ex.getMessage()))));
        }
        String title = ex.status().getReasonPhrase();
        return problem(Problems.of(ex.status(), ex.type(), title, ex.getMessage()));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Object> handleTypeMismatch(MethodArgumentTypeMismatchException ex) {
        String message = "has the wrong type" + (ex.getRequiredType() == null ? "" : ", expected " + ex.getRequiredType().getSimpleName());
        return problem(Problems.validation("Parameter " + ex.getName() + " " + message,
                List.of(new Problems.FieldError(ex.getName(), message))));
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<Object> handleConstraintViolation(ConstraintViolationException ex) {
        List<Problems.FieldError> errors = ex.getConstraintViolations().stream()
                .map(v -> new Problems.FieldError(v.getPropertyPath().toString(), v.getMessage()))
                .toList();
        return problem(Problems.validation(summary(errors), errors));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> handleUnexpected(Exception ex) {
        log.error("Unexpected error while handling a request", ex);
        return problem(Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal error",
                "LoanFlow could not complete the request; nothing was changed. The error has been logged."));
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Problems.FieldError> errors = ex.getBindingResult().getFieldErrors().stream()
                .map(e -> new Problems.FieldError(e.getField(), e.getDefaultMessage()))
                .sorted((a, b) -> a.field().compareTo(b.field()))
                .collect(Collectors.toList());
        ex.getBindingResult().getGlobalErrors().forEach(e ->
                errors.add(new Problems.FieldError(e.getObjectName(), e.getDefaultMessage())));
        return problem(Problems.validation(summary(errors), errors));
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Problems.FieldError> errors = ex.getParameterValidationResults().stream()
                .flatMap(r -> r.getResolvableErrors().stream().map(e -> new Problems.FieldError(
                        r.getMethodParameter().getParameterName(), e.getDefaultMessage())))
                .toList();
        return problem(Problems.validation(summary(errors), errors));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        Throwable cause = ex.getCause();
        if (cause instanceof ValueInstantiationException vie && vie.getCause() != null) {
            String field = path(vie);
            String message = vie.getCause().getMessage();
            return problem(Problems.validation(field + ": " + message, List.of(new Problems.FieldError(field, message))));
        }
        if (cause instanceof UnrecognizedPropertyException upe) {
            String field = path(upe);
            return problem(Problems.validation("Unknown field " + field,
                    List.of(new Problems.FieldError(field, "is not a known field"))));
        }
        if (cause instanceof MismatchedInputException mie && !mie.getPath().isEmpty()) {
            String field = path(mie);
            String message = mie instanceof InvalidFormatException ife
                    ? "has the wrong type or format, expected " + simpleType(ife.getTargetType())
                    : "has the wrong type, expected " + simpleType(mie.getTargetType());
            return problem(Problems.validation(field + " " + message, List.of(new Problems.FieldError(field, message))));
        }
        if (cause instanceof JsonProcessingException jpe) {
            String location = jpe.getLocation() == null ? ""
                    : " at line " + jpe.getLocation().getLineNr() + ", column " + jpe.getLocation().getColumnNr();
            return problem(Problems.of(HttpStatus.BAD_REQUEST, "malformed-json", "Malformed JSON",
                    "The request body is not valid JSON" + location));
        }
        return problem(Problems.of(HttpStatus.BAD_REQUEST, "malformed-json", "Unreadable request body",
                "The request body is missing or cannot be read as JSON"));
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        if (body instanceof ProblemDetail detail && detail.getType() != null && "about:blank".equals(detail.getType().toString())) {
            detail.setType(java.net.URI.create("urn:loanflow:problem:" + statusSlug(statusCode)));
        }
        return super.handleExceptionInternal(ex, body, headers, statusCode, request);
    }

    private static String statusSlug(HttpStatusCode status) {
        HttpStatus known = HttpStatus.resolve(status.value());
        return known == null ? "http-" + status.value() : known.name().toLowerCase().replace('_', '-');
    }

    private static ResponseEntity<Object> problem(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus())
                .contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    private static String path(JsonMappingException ex) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : ex.getPath()) {
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "body" : path.toString();
    }

    private static String simpleType(Class<?> type) {
        if (type == null) {
            return "another type";
        }
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.toString(type.getEnumConstants());
        }
        if (java.time.temporal.Temporal.class.isAssignableFrom(type)) {
            return "an ISO-8601 " + (type == java.time.LocalDate.class ? "date" : "time with offset");
        }
        if (type == String.class) {
            return "a string";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        return "an object";
    }

    private static String summary(List<Problems.FieldError> errors) {
        return errors.stream().map(e -> e.field() + " " + e.message()).collect(Collectors.joining("; "));
    }
}
