package com.loanflow.borrower;

/** A contact becomes INVALID when a provider reports it permanently undeliverable (bounce, invalid number). */
public enum ContactStatus {
    VALID, INVALID
}
