package com.loanflow.loan;

/** The outcome of {@code dmn/settlement-conditions.dmn}, recorded on the loan after every repayment. */
public enum SettlementState {
    NOT_SETTLED, PARTIALLY_SETTLED, SETTLED, OVERPAID
}
