package com.loanflow.settlement;

/** The loan's ledger does not verify: an entry was changed outside LoanFlow. No certificate is issued on it. */
public class LedgerTamperedException extends RuntimeException {

    public LedgerTamperedException(String loanId, Integer brokenAt) {
        super("Ledger of loan " + loanId + " fails verification at entry " + brokenAt
                + "; no settlement certificate issued. Investigate before retrying.");
    }
}
