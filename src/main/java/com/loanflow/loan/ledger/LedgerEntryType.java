package com.loanflow.loan.ledger;

/**
 * What a ledger line records: money paid out or in, a charge added to what the borrower owes, or a repayment reversed
 * (a bounced transfer). Lines are never changed; a reversal is a new line.
 */
public enum LedgerEntryType {
    DISBURSEMENT, REPAYMENT, PENALTY_CHARGED, FEE_CHARGED, REFUND, REVERSAL
}
