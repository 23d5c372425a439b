package com.loanflow.settlement;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZonedDateTime;

/**
 * Everything a settlement certificate (结清证明) states, gathered by {@link SettlementCertificates} and drawn by
 * {@link SettlementCertificateRenderer}. Dates are calendar dates in the lender's zone; the identity number is
 * already masked, because the certificate is handed to third parties.
 *
 * @param ledgerFinalHash  the ledger's final hash when the certificate was issued (64 hex characters)
 * @param ledgerVerifiedAt when the ledger was last re-verified against that hash, i.e. when this copy was made
 */
record SettlementCertificate(
        String certificateNumber,
        String loanId,
        String borrowerName,
        String maskedIdNumber,
        String vehicleMake,
        String vehicleModel,
        String vin,
        BigDecimal principal,
        int termMonths,
        LocalDate disbursementDate,
        LocalDate settlementDate,
        LocalDate issueDate,
        AmountsRepaid repaid,
        BigDecimal overpaymentRefunded,
        String ledgerFinalHash,
        ZonedDateTime ledgerVerifiedAt) {

    /** What the borrower's repayments paid off over the life of the loan. */
    record AmountsRepaid(BigDecimal principal, BigDecimal interest, BigDecimal fees, BigDecimal penalties) {

        BigDecimal total() {
            return principal.add(interest).add(fees).add(penalties);
        }
    }

    /** Derived rather than stored, so it can never disagree with the number and hash printed beside it. */
    String verificationCode() {
        return VerificationCode.of(certificateNumber, ledgerFinalHash);
    }
}
