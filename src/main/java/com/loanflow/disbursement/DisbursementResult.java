package com.loanflow.disbursement;

/** The gateway's reference for the payment, as it appears on the bank statement. */
public record DisbursementResult(String gatewayReference) {
}
