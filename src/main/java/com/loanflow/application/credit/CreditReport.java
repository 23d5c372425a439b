package com.loanflow.application.credit;

import java.math.BigDecimal;

/** The bureau's answer: score and record, the income it could verify, and whether the vehicle's title checks out. */
public record CreditReport(int creditScore, CreditRecord creditRecord, BigDecimal verifiedMonthlyIncome,
                           boolean vehicleOwnershipVerified) {

    public enum CreditRecord {
        GOOD, POOR
    }
}
