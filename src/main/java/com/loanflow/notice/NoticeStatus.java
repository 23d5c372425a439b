package com.loanflow.notice;

/** A notice's state across all its attempts, as API.md names it. */
public enum NoticeStatus {
    PENDING, SENT, DELIVERED, READ, ESCALATED, RESOLVED_BY_STAFF, FAILED
}
