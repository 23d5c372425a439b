package com.loanflow.loan.ledger;

/** What a ledger line records: money paid out or in, or a charge added to what the borrower owes. */
public enum LedgerEntryType {
    DISBURSEMENT, REPAYMENT, PENALTY_CHARGED, FEE_CHARGED, REFUND
}
