package com.loanflow.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates borrowers by the token in {@code Authorization: Bearer …}, or, for the settlement certificate only,
 * in {@code ?token=}: a link the borrower can open in a browser to download the PDF. A token that is present but
 * forged, altered or expired ends the request with 401 at once, rather than letting it pass as anonymous.
 */
final class BorrowerTokenFilter extends OncePerRequestFilter {

    private static final String BEARER = "Bearer ";
    /** Tokens in a URL end up in browser histories and proxy logs: only where a plain link is the point. */
    private static final RequestMatcher LINK_PATHS = PathPatternRequestMatcher.withDefaults()
            .matcher(HttpMethod.GET, "/api/loans/{loanId}/settlement-certificate");

    private final BorrowerTokens tokens;
    private final AuthenticationEntryPoint entryPoint;
    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

    BorrowerTokenFilter(BorrowerTokens tokens, AuthenticationEntryPoint entryPoint) {
        this.tokens = tokens;
        this.entryPoint = entryPoint;
    }

    /** A borrower token that is not valid (any reason: the caller learns none). */
    static final class InvalidBorrowerTokenException extends AuthenticationException {
        InvalidBorrowerTokenException() {
            super("The borrower token is not valid or has expired");
        }
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<String> token = token(request);
        if (token.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        Optional<BorrowerPrincipal> borrower = tokens.verify(token.get());
        if (borrower.isEmpty()) {
            contexts.clearContext();
            entryPoint.commence(request, response, new InvalidBorrowerTokenException());
            return;
        }
        SecurityContext context = contexts.createEmptyContext();
        context.setAuthentication(new BorrowerAuthentication(borrower.get()));
        contexts.setContext(context);
        chain.doFilter(request, response);
    }

    private static Optional<String> token(HttpServletRequest request) {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization != null) {
            return authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
                    ? Optional.of(authorization.substring(BEARER.length()).trim())
                    : Optional.empty();
        }
        return LINK_PATHS.matches(request) ? Optional.ofNullable(request.getParameter("token")) : Optional.empty();
    }
}
