package com.loanflow.web;

import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;

/**
 * A request carrying a valid borrower token. It has no authorities: no group rule ever matches a borrower, only the
 * rules that compare the token's loan with the loan the request is about.
 */
final class BorrowerAuthentication extends AbstractAuthenticationToken {

    private final BorrowerPrincipal borrower;

    BorrowerAuthentication(BorrowerPrincipal borrower) {
        super(List.of());
        this.borrower = borrower;
        setAuthenticated(true);
    }

    @Override
    public BorrowerPrincipal getPrincipal() {
        return borrower;
    }

    @Override
    public Object getCredentials() {
        return null;
    }

    @Override
    public String getName() {
        return borrower.borrowerId();
    }
}
