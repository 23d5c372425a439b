package com.loanflow.report;

/** Where a settled loan stands against the settlement-notice SLA. */
public enum SettlementNoticeOutcome {
    /** {@code LOAN_SETTLED} was confirmed at or before the deadline. */
    ON_TIME,
    /** Confirmed after the deadline, or still unconfirmed when the deadline has passed. */
    LATE,
    /** Not confirmed yet, but the deadline has not passed: it can still be on time. */
    PENDING
}
