package com.loanflow.loan;

import java.math.BigDecimal;
import java.time.Instant;

/** A posted repayment and how it was allocated; immutable once posted, replayed by its transaction id. */
public record Repayment(String id, String loanId, String transactionId, BigDecimal amount, Instant paidAt,
                        String channel, Allocation allocation, Instant createdAt) {
}
