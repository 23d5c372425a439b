package com.loanflow.loan;

import java.math.BigDecimal;

/**
 * How one repayment was applied. {@code earlyPayoff} is set when the repayment covered everything but the early
 * repayment fee, so future interest was waived and the fee charged on the principal repaid ahead of time.
 * {@code penaltiesCharged} are the penalties that accrued up to the repayment day and were charged before it was applied.
 */
public record Allocation(BigDecimal principal, BigDecimal interest, BigDecimal fees, BigDecimal penalties,
                         BigDecimal overpaid, boolean earlyPayoff, BigDecimal earlyRepaymentFee,
                         BigDecimal penaltiesCharged) {
}
