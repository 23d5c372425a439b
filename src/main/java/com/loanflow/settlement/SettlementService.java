package com.loanflow.settlement;

import com.loanflow.loan.Loan;
import com.loanflow.loan.LoanAccount;
import com.loanflow.loan.LoanAccounts;
import com.loanflow.loan.LoanRepository;
import com.loanflow.loan.SettlementState;
import com.loanflow.loan.ledger.Ledger;
import com.loanflow.loan.ledger.LedgerEntryType;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Carries out what {@code dmn/settlement-conditions.dmn} decided: records the state, issues the settlement
 * certificate against a verified ledger, refunds overpayments, records the lien release and closes the loan.
 */
@Service
public class SettlementService {

    private static final Logger log = LoggerFactory.getLogger(SettlementService.class);

    private final LoanRepository loans;
    private final LoanAccounts accounts;
    private final Ledger ledger;
    private final StaleSettlementNotices staleNotices;
    private final Clock clock;

    SettlementService(LoanRepository loans, LoanAccounts accounts, Ledger ledger, StaleSettlementNotices staleNotices,
                      Clock clock) {
        this.loans = loans;
        this.accounts = accounts;
        this.ledger = ledger;
        this.staleNotices = staleNotices;
        this.clock = clock;
    }

    public void recordDecision(String loanId, SettlementState state) {
        if (state == SettlementState.SETTLED || state == SettlementState.OVERPAID) {
            loans.recordSettled(loanId, state, clock.instant());
            log.info("Loan {} paid off: {}", loanId, state);
        } else {
            loans.setSettlementState(loanId, state);
        }
    }

    /**
     * Issues the settlement certificate, bound to the ledger's final hash; a ledger whose chain does not verify
     * gets no certificate (the job fails and raises an incident for the servicing managers).
     */
    public void issueCertificate(String loanId) {
        Ledger.Verification verification = ledger.verify(loanId);
        if (!verification.valid()) {
            throw new LedgerTamperedException(loanId, verification.brokenAt());
        }
        loans.recordCertificate(loanId, "SC-" + loanId.substring(loanId.indexOf('-') + 1),
                verification.finalHash(), clock.instant());
    }

    /** Pays the whole overpayment back; the loan is then exactly settled. */
    public void refundOverpayment(String loanId, String refundReference) {
        Loan loan = loans.lock(loanId).orElseThrow();
        LoanAccount account = accounts.of(loan).orElseThrow();
        BigDecimal amount = account.overpaid();
        if (amount.signum() > 0) {
            account.refund(amount);
            loans.save(loanId, account);
            ledger.append(loanId, LedgerEntryType.REFUND, amount, refundReference, clock.instant(),
                    "overpayment refunded to the borrower");
        }
        loans.setSettlementState(loanId, SettlementState.SETTLED);
    }

    /**
     * The reversal of {@code repaymentId} undid the settlement LOAN_SETTLED announced; the lifecycle has ended the
     * notice's delivery and SLA. The notice is marked WITHDRAWN with the reason, so it counts neither as lost nor as
     * late, whether or not it had reached the borrower.
     */
    public void withdrawSettlementNotice(String loanId, String repaymentId) {
        int withdrawn = staleNotices.withdraw(loanId, repaymentId, clock.instant());
        log.info("Loan {}: {} LOAN_SETTLED notice(s) withdrawn, repayment {} reversed", loanId, withdrawn, repaymentId);
    }

    public void recordLienRelease(String loanId, String reference) {
        loans.recordLienRelease(loanId, reference, clock.instant());
    }

    public void close(String loanId) {
        Instant now = clock.instant();
        loans.recordClosed(loanId, now);
        log.info("Loan {} closed", loanId);
    }
}
