package com.loanflow.loan;

import com.loanflow.loan.schedule.RepaymentMethod;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * A car loan from application to closure: the vehicle and terms the borrower asked for, what the bureau said,
 * and the milestones the lifecycle process has passed.
 */
public record Loan(
        String id,
        String borrowerId,
        LoanStatus status,
        SettlementState settlementState,
        Vehicle vehicle,
        BigDecimal principal,
        int termMonths,
        BigDecimal annualRate,
        RepaymentMethod repaymentMethod,
        BigDecimal declaredMonthlyIncome,
        BigDecimal earlyRepaymentFeeRate,
        BigDecimal penaltyDailyRate,
        CreditReport creditReport,
        String riskDecision,
        String riskReason,
        Instant contractSignedAt,
        Instant disbursedAt,
        String disbursementReference,
        BigDecimal overpaidAmount,
        Instant settledAt,
        String certificateNumber,
        String lienReleaseReference,
        Instant closedAt,
        String processInstanceId,
        Instant createdAt) {

    public record Vehicle(String vin, String make, String model, BigDecimal price) {
    }

    /**
     * The settlement certificate as issued: its number, when, and the ledger's final hash it was bound to, so a
     * later copy can prove the ledger still ends where it ended at settlement.
     */
    public record Certificate(String number, Instant issuedAt, String ledgerHash) {
    }

    /** What the credit bureau reported; null until the check has run. */
    public record CreditReport(int creditScore, String creditRecord, BigDecimal verifiedMonthlyIncome,
                               boolean vehicleOwnershipVerified, Instant checkedAt) {
    }
}
