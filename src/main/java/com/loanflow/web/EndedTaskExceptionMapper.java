package com.loanflow.web;

import jakarta.annotation.Priority;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Map;
import org.camunda.bpm.engine.exception.NullValueException;
import org.camunda.bpm.engine.rest.exception.RestException;
import org.camunda.bpm.engine.rest.exception.RestExceptionHandler;

/**
 * The engine REST API answers a form submitted for a task that no longer exists with 500: in Tasklist that happens
 * whenever the borrower read the notice, or a receipt confirmed it, while a staff member had the task open. The task
 * is gone, not the server broken: 404 in the engine REST API's own error format. Everything else is the engine's
 * handler's answer.
 */
@Provider
@Priority(1)
class EndedTaskExceptionMapper implements ExceptionMapper<RestException> {

    private final RestExceptionHandler engineHandler = new RestExceptionHandler();

    @Override
    public Response toResponse(RestException exception) {
        for (Throwable cause = exception.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof NullValueException && cause.getMessage() != null
                    && cause.getMessage().contains("Cannot find task")) {
                return Response.status(Response.Status.NOT_FOUND).type(MediaType.APPLICATION_JSON_TYPE)
                        .entity(Map.of("type", "InvalidRequestException", "message", exception.getMessage(),
                                "code", 0))
                        .build();
            }
        }
        return engineHandler.toResponse(exception);
    }
}
