package com.loanflow.disbursement;

import java.math.BigDecimal;

/** Pay {@code amount} yuan to the dealer of the vehicle {@code vin} for loan {@code loanId}. */
public record DisbursementOrder(String idempotencyKey, String loanId, BigDecimal amount, String vin) {
}
