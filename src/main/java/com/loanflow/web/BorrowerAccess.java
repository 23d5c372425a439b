package com.loanflow.web;

import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.stereotype.Component;

/**
 * The rules that let a borrower's token through: the loan, or the notice's loan, named in the request path must be
 * the token's loan. A notice id that does not exist is refused exactly like another borrower's, so a borrower learns
 * nothing about ids that are not theirs.
 */
@Component
class BorrowerAccess {

    private final NoticeLoans noticeLoans;

    BorrowerAccess(NoticeLoans noticeLoans) {
        this.noticeLoans = noticeLoans;
    }

    /** The path's {@code {loanId}} is the borrower's loan. */
    AuthorizationManager<RequestAuthorizationContext> ownLoan() {
        return (authentication, request) -> decide(authentication,
                () -> Optional.ofNullable(request.getVariables().get("loanId")));
    }

    /** The path's {@code {noticeId}} is a notice of the borrower's loan. */
    AuthorizationManager<RequestAuthorizationContext> ownNotice() {
        return (authentication, request) -> decide(authentication,
                () -> Optional.ofNullable(request.getVariables().get("noticeId")).flatMap(noticeLoans::loanOf));
    }

    /** Looks the loan up only for a borrower: staff and integrators are decided by their groups. */
    private static AuthorizationDecision decide(Supplier<Authentication> authentication,
                                                Supplier<Optional<String>> loanOfRequest) {
        return new AuthorizationDecision(authentication.get() instanceof BorrowerAuthentication borrower
                && loanOfRequest.get().filter(borrower.getPrincipal().loanId()::equals).isPresent());
    }
}
