package com.loanflow.notice;

/**
 * A notice's state across all its attempts, as API.md names it. WITHDRAWN (LoanFlow's addition): what it announced no
 * longer holds, so its delivery was ended on purpose; a LOAN_SETTLED whose payoff was reversed.
 */
public enum NoticeStatus {
    PENDING, SENT, DELIVERED, READ, ESCALATED, RESOLVED_BY_STAFF, FAILED, WITHDRAWN
}
