package com.loanflow.loan;

import java.math.BigDecimal;

/**
 * What a borrower owes on a day: all remaining principal, interest due or accrued so far, charged fees, and
 * penalties accrued to that day, plus anything paid beyond what was owed. These are the inputs of
 * {@code dmn/settlement-conditions.dmn}.
 */
public record Balances(BigDecimal principal, BigDecimal interest, BigDecimal fees, BigDecimal penalties,
                       BigDecimal overpaid) {

    public BigDecimal total() {
        return principal.add(interest).add(fees).add(penalties);
    }
}
