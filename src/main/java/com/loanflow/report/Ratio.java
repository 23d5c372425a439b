package com.loanflow.report;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** KPI rates: a fraction with four decimals (0.9375 = 93.75 %), or null where there is nothing to divide by. */
final class Ratio {

    static final int SCALE = 4;

    private Ratio() {
    }

    static BigDecimal of(long part, long whole) {
        if (whole == 0) {
            return null;
        }
        return BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), SCALE, RoundingMode.HALF_UP);
    }
}
