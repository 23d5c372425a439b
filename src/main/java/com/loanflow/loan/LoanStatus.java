package com.loanflow.loan;

import java.util.EnumSet;
import java.util.Set;

/** Where a loan stands, as API.md names it. */
public enum LoanStatus {
    UNDER_REVIEW, MANUAL_REVIEW, REJECTED, APPROVED, AWAITING_SIGNATURE, DISBURSING, ACTIVE, OVERDUE, SETTLED, CLOSED;

    private static final Set<LoanStatus> REPAYABLE = EnumSet.of(ACTIVE, OVERDUE);
    private static final Set<LoanStatus> FINISHED = EnumSet.of(REJECTED, CLOSED);

    public boolean repayable() {
        return REPAYABLE.contains(this);
    }

    /** An application is open until it is rejected or its loan is closed. */
    public boolean open() {
        return !FINISHED.contains(this);
    }
}
