package com.loanflow.settlement;

import com.loanflow.borrower.Borrower;
import com.loanflow.borrower.BorrowerRepository;
import com.loanflow.borrower.PrcIdNumbers;
import com.loanflow.common.Money;
import com.loanflow.loan.Loan;
import com.loanflow.loan.LoanRepository;
import com.loanflow.loan.ledger.Ledger;
import com.loanflow.loan.ledger.LedgerEntryType;
import com.loanflow.web.ApiException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Gathers what a settlement certificate states for a loan whose certificate has been issued. Each copy re-verifies
 * the repayment ledger: a copy is only made while the chain is intact and still ends at the hash the certificate
 * was issued on, so an edited ledger can never produce a clean certificate.
 */
@Service
class SettlementCertificates {

    private static final Logger log = LoggerFactory.getLogger(SettlementCertificates.class);

    private final LoanRepository loans;
    private final BorrowerRepository borrowers;
    private final Ledger ledger;
    private final JdbcClient jdbc;
    private final Clock clock;

    SettlementCertificates(LoanRepository loans, BorrowerRepository borrowers, Ledger ledger, JdbcClient jdbc,
                           Clock clock) {
        this.loans = loans;
        this.borrowers = borrowers;
        this.ledger = ledger;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * The certificate of {@code loanId}.
     *
     * @throws ApiException 404 for an unknown loan; 409 {@code not-settled} before the certificate is issued;
     *                      409 {@code ledger-tampered} when the ledger no longer verifies
     */
    SettlementCertificate of(String loanId) {
        Loan loan = loans.find(loanId).orElseThrow(() -> ApiException.notFound("Loan", loanId));
        Loan.Certificate issued = loans.certificate(loanId).orElseThrow(() -> ApiException.conflict("not-settled",
                "Loan " + loanId + " is " + loan.status() + "; its settlement certificate is issued once the loan"
                        + " is settled and its ledger verified"));
        verifyLedger(loanId, issued);
        Borrower borrower = borrowers.find(loan.borrowerId()).orElseThrow();
        return new SettlementCertificate(
                issued.number(),
                loanId,
                borrower.name(),
                PrcIdNumbers.mask(borrower.idNumber()),
                loan.vehicle().make(),
                loan.vehicle().model(),
                loan.vehicle().vin(),
                loan.principal(),
                loan.termMonths(),
                dateOf(loan.disbursedAt()),
                dateOf(loan.settledAt()),
                dateOf(issued.issuedAt()),
                repaid(loanId),
                refunded(loanId),
                issued.ledgerHash(),
                ZonedDateTime.now(clock).truncatedTo(ChronoUnit.SECONDS));
    }

    private void verifyLedger(String loanId, Loan.Certificate issued) {
        Ledger.Verification verification = ledger.verify(loanId);
        if (!verification.valid()) {
            log.error("Ledger of loan {} fails verification at entry {}; settlement certificate {} withheld",
                    loanId, verification.brokenAt(), issued.number());
            throw ApiException.conflict("ledger-tampered", "The repayment ledger of loan " + loanId
                    + " fails verification at entry " + verification.brokenAt()
                    + "; no settlement certificate can be produced until servicing has investigated");
        }
        // An intact chain that ends elsewhere was rewritten or extended after settlement: the certificate's hash
        // would no longer describe the ledger, so it is refused just the same.
        if (!verification.finalHash().equals(issued.ledgerHash())) {
            log.error("Ledger of loan {} no longer ends at hash {} of settlement certificate {}; certificate withheld",
                    loanId, issued.ledgerHash(), issued.number());
            throw ApiException.conflict("ledger-tampered", "The repayment ledger of loan " + loanId
                    + " no longer ends where it ended when the loan was settled; no settlement certificate can be"
                    + " produced until servicing has investigated");
        }
    }

    /**
     * What the repayments that stand paid. A reversed repayment keeps the allocation it had when it was reversed
     * (the rebuild re-allocates only the payments that stand), so it is left out rather than counted as repaid.
     */
    private SettlementCertificate.AmountsRepaid repaid(String loanId) {
        return jdbc.sql("""
                select coalesce(sum(principal_applied), 0) as principal, coalesce(sum(interest_applied), 0) as interest,
                    coalesce(sum(fees_applied), 0) as fees, coalesce(sum(penalties_applied), 0) as penalties
                from repayment where loan_id = :loanId and reversed_at is null""")
                .param("loanId", loanId)
                .query((rs, n) -> new SettlementCertificate.AmountsRepaid(Money.fen(rs.getBigDecimal("principal")),
                        Money.fen(rs.getBigDecimal("interest")), Money.fen(rs.getBigDecimal("fees")),
                        Money.fen(rs.getBigDecimal("penalties"))))
                .single();
    }

    private BigDecimal refunded(String loanId) {
        return Money.fen(jdbc.sql("""
                select coalesce(sum(amount), 0) from ledger_entry where loan_id = :loanId and entry_type = :type""")
                .param("loanId", loanId)
                .param("type", LedgerEntryType.REFUND.name())
                .query(BigDecimal.class)
                .single());
    }

    /** A calendar date in the lender's zone, as {@code LoanAccounts#dateOf} reckons due dates. */
    private LocalDate dateOf(Instant instant) {
        return instant.atZone(clock.getZone()).toLocalDate();
    }
}
