package com.loanflow.notice.channel;

/** What a provider reports about a message it took. */
public enum ReceiptOutcome {
    /** Handed to the borrower's device, mailbox or account. */
    DELIVERED,
    /** Not delivered this time (network, handset off, throttled); a retry may succeed. */
    TEMPORARY_FAILURE,
    /** Will never be delivered to this address (invalid number, bounce, blocked, unsubscribed). */
    PERMANENT_FAILURE
}
