package com.loanflow.notice;

/** One attempt's state on its channel, as API.md names it. */
public enum AttemptStatus {
    QUEUED, SENT, DELIVERED, TEMPORARY_FAILURE, PERMANENT_FAILURE, NO_RECEIPT
}
