package com.loanflow.notice;

/** Where an attempt stands for the delivery process, read from the attempt and its notice. */
public enum AttemptOutcome {
    AWAITING_RECEIPT, DELIVERED, READ, TEMPORARY_FAILURE, PERMANENT_FAILURE, NO_RECEIPT
}
