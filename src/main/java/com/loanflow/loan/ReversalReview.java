package com.loanflow.loan;

import java.time.Instant;

/**
 * A bounced repayment reported after the loan's lien was released, waiting for (or decided by) the servicing
 * managers. {@code decision} is null while it waits.
 */
public record ReversalReview(String repaymentId, String loanId, Instant reversedAt, String reason, Instant requestedAt,
                             Decision decision, Instant decidedAt) {

    public enum Decision {
        /** Reversed after all: the loan is reopened and repaid again (its lien registered again). */
        REOPENED,
        /** The loan stays settled and closed; the money is recovered outside it, or the bank withdrew the bounce. */
        KEPT_SETTLED
    }

    public boolean pending() {
        return decision == null;
    }
}
