package com.loanflow.loan;

import java.math.BigDecimal;
import java.time.LocalDate;

/** What settles the loan on {@code asOf}: a repayment of {@code total} that day leaves nothing owed. */
public record PayoffQuote(LocalDate asOf, BigDecimal principal, BigDecimal interest, BigDecimal fees,
                          BigDecimal penalties) {

    public BigDecimal total() {
        return principal.add(interest).add(fees).add(penalties);
    }
}
