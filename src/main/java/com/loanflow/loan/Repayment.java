package com.loanflow.loan;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A posted repayment and how it is allocated, replayed by its transaction id. A reversed repayment (a bounced
 * transfer) keeps its row with {@code reversedAt}; the allocation of the others is recomputed without it.
 */
public record Repayment(String id, String loanId, String transactionId, BigDecimal amount, Instant paidAt,
                        String channel, Allocation allocation, Instant createdAt, Instant reversedAt,
                        String reversalReason) {
}
