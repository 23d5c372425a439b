package com.loanflow.common;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Money is yuan with fen precision; every rounding in LoanFlow is half-up to the fen. */
public final class Money {

    public static final BigDecimal ZERO = BigDecimal.ZERO.setScale(2);

    private Money() {
    }

    public static BigDecimal fen(BigDecimal amount) {
        return amount.setScale(2, RoundingMode.HALF_UP);
    }

    public static BigDecimal min(BigDecimal a, BigDecimal b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    public static boolean isPositive(BigDecimal amount) {
        return amount.signum() > 0;
    }
}
