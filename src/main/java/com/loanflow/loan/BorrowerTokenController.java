package com.loanflow.loan;

import com.loanflow.web.BorrowerTokens;
import java.time.Instant;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Borrower links: the borrower's app (through its backend, which has signed the borrower in) asks for a token that
 * opens this one loan's self-service endpoints for a short while, and the certificate link a browser can open.
 */
@RestController
class BorrowerTokenController {

    private final LoanViews views;
    private final BorrowerTokens tokens;

    BorrowerTokenController(LoanViews views, BorrowerTokens tokens) {
        this.views = views;
        this.tokens = tokens;
    }

    /** What the token opens; {@code certificate} carries the token itself, the others take it as a Bearer token. */
    record Links(String loan, String schedule, String notices, String contacts, String certificate) {
    }

    record BorrowerToken(String token, String tokenType, Instant expiresAt, String loanId, Links links) {
    }

    @PostMapping("/api/loans/{loanId}/borrower-tokens")
    ResponseEntity<BorrowerToken> issue(@PathVariable String loanId) {
        Loan loan = views.loan(loanId);
        BorrowerTokens.Issued issued = tokens.issue(loan.borrowerId(), loan.id());
        String base = "/api/loans/" + loan.id();
        Links links = new Links(base, base + "/schedule", base + "/notices", base + "/contacts",
                // Base64url and a dot: nothing in a token needs URL encoding.
                base + "/settlement-certificate?token=" + issued.token());
        return ResponseEntity.status(HttpStatus.CREATED)
                // A bearer credential: no cache keeps a copy.
                .cacheControl(CacheControl.noStore())
                .body(new BorrowerToken(issued.token(), "Bearer", issued.expiresAt(), loan.id(), links));
    }
}
