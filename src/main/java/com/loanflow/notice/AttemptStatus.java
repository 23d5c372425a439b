package com.loanflow.notice;

/**
 * One attempt's state on its channel. SENDING is written, and committed, before the provider is called; an attempt
 * still SENDING when its job runs again was interrupted between the call and the answer. UNKNOWN means the provider
 * may have the message but its answer was lost (timeout, reset, unreadable answer, a node that stopped): the attempt
 * waits for its receipt and the notice is not sent to that address again. CANCELLED was never handed to a provider.
 */
public enum AttemptStatus {
    QUEUED, SENDING, SENT, UNKNOWN, DELIVERED, TEMPORARY_FAILURE, PERMANENT_FAILURE, NO_RECEIPT, CANCELLED;

    /** Whether the message may have reached the address: only a definite failure frees it for another send. */
    public boolean mayHaveReached() {
        return this != TEMPORARY_FAILURE && this != PERMANENT_FAILURE && this != CANCELLED;
    }
}
