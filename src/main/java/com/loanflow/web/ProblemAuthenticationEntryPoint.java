package com.loanflow.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * Missing or wrong credentials get 401 and a problem document; a known caller without the right group, or a borrower
 * asking for another loan, gets 403.
 */
class ProblemAuthenticationEntryPoint implements AuthenticationEntryPoint, AccessDeniedHandler {

    private final ObjectMapper objectMapper;

    ProblemAuthenticationEntryPoint(ObjectMapper objectMapper) {
        this.objectMapper = objectMapper;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException ex)
            throws IOException {
        if (ex instanceof BorrowerTokenFilter.InvalidBorrowerTokenException) {
            // RFC 6750 §3.1: the app should fetch a new link for the borrower, not ask for a password.
            response.setHeader("WWW-Authenticate", "Bearer realm=\"LoanFlow\", error=\"invalid_token\"");
            write(response, Problems.of(HttpStatus.UNAUTHORIZED, "invalid-borrower-token", "Borrower link not valid",
                    "The borrower link or token is not valid or has expired; ask for a new one"));
            return;
        }
        response.setHeader("WWW-Authenticate", "Basic realm=\"LoanFlow\", charset=\"UTF-8\"");
        write(response, Problems.of(HttpStatus.UNAUTHORIZED, "unauthenticated", "Authentication required",
                "Send HTTP Basic credentials of a LoanFlow user, or a borrower token where borrowers are served"));
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException ex)
            throws IOException {
        boolean borrower = SecurityContextHolder.getContext().getAuthentication() instanceof BorrowerAuthentication;
        write(response, Problems.of(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", borrower
                ? "This borrower link does not open this loan or notice"
                : "Your groups do not allow this request"));
    }

    private void write(HttpServletResponse response, ProblemDetail problem) throws IOException {
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        objectMapper.writeValue(response.getOutputStream(), problem);
    }
}
