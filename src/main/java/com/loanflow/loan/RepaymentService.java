package com.loanflow.loan;

import com.loanflow.common.Ids;
import com.loanflow.loan.ledger.Ledger;
import com.loanflow.loan.ledger.LedgerEntryType;
import com.loanflow.process.EngineRetry;
import com.loanflow.process.LoanLifecycle;
import com.loanflow.web.ApiException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Posts repayments: at once, exactly once per transaction id, and in the same transaction as the settlement
 * decision the lifecycle process takes on it (S1, S2, S4).
 */
@Service
public class RepaymentService {

    private static final Logger log = LoggerFactory.getLogger(RepaymentService.class);
    /** Clocks of the repayment system and LoanFlow may differ a little; more than this is a wrong paidAt. */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private final LoanRepository loans;
    private final LoanAccounts accounts;
    private final RepaymentRepository repayments;
    private final Ledger ledger;
    private final LoanLifecycle lifecycle;
    private final EngineRetry retry;
    private final Clock clock;

    RepaymentService(LoanRepository loans, LoanAccounts accounts, RepaymentRepository repayments, Ledger ledger,
                     LoanLifecycle lifecycle, EngineRetry retry, Clock clock) {
        this.loans = loans;
        this.accounts = accounts;
        this.repayments = repayments;
        this.ledger = ledger;
        this.lifecycle = lifecycle;
        this.retry = retry;
        this.clock = clock;
    }

    /** The outcome of a post: the repayment, and whether it had been posted before under the same transaction id. */
    public record Posted(Repayment repayment, boolean replayed) {
    }

    public Posted post(String loanId, RepaymentCommand command) {
        return retry.inTransaction(() -> postInTransaction(loanId, command));
    }

    private Posted postInTransaction(String loanId, RepaymentCommand command) {
        Loan loan = loans.lock(loanId).orElseThrow(() -> ApiException.notFound("Loan", loanId));
        var previous = repayments.findByTransactionId(command.transactionId());
        if (previous.isPresent()) {
            Repayment earlier = previous.get();
            if (earlier.loanId().equals(loanId) && earlier.amount().compareTo(command.amount()) == 0) {
                return new Posted(earlier, true);
            }
            throw ApiException.conflict("transaction-id-reused", "Transaction " + command.transactionId()
                    + " was already posted" + (earlier.loanId().equals(loanId)
                    ? " with amount " + earlier.amount().toPlainString() : " to another loan"));
        }
        if (!loan.status().repayable()) {
            throw ApiException.unprocessable("loan-not-repayable",
                    "Loan " + loanId + " is " + loan.status() + " and takes no repayments");
        }
        // Stored as the database keeps them, so a replay answers with exactly the body of the first post.
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Instant paidAt = command.paidAt().toInstant().truncatedTo(ChronoUnit.MILLIS);
        BigDecimal amount = command.amount().setScale(2);
        if (paidAt.isAfter(now.plus(CLOCK_SKEW))) {
            throw ApiException.invalid("paidAt", "is in the future");
        }
        if (paidAt.isBefore(loan.disbursedAt())) {
            throw ApiException.invalid("paidAt", "is before the loan was disbursed on " + loan.disbursedAt());
        }

        LoanAccount account = accounts.of(loan).orElseThrow();
        LocalDate valueDate = accounts.dateOf(paidAt);
        Allocation allocation = account.apply(amount, valueDate);
        loans.save(loanId, account);
        Repayment repayment = new Repayment(Ids.newId("RP"), loanId, command.transactionId(), amount,
                paidAt, command.channel(), allocation, now);
        repayments.insert(repayment);
        book(repayment);

        boolean arrears = account.hasArrears(accounts.today());
        if (loan.status() == LoanStatus.OVERDUE && !arrears) {
            loans.setStatus(loanId, LoanStatus.ACTIVE);
        }
        if (!lifecycle.repaymentReceived(loan.processInstanceId(), repayment.id())) {
            // The loan row says repayable, so the process must be in its repayment phase; anything else is a bug.
            throw new IllegalStateException("Loan " + loanId + " is " + loan.status()
                    + " but its process is not waiting for repayments");
        }
        if (!arrears) {
            lifecycle.arrearsCleared(loan.processInstanceId());
        }
        log.info("Posted repayment {} of {} to loan {} (transaction {})", repayment.id(), amount, loanId,
                command.transactionId());
        return new Posted(repayment, false);
    }

    private void book(Repayment repayment) {
        Allocation a = repayment.allocation();
        String loanId = repayment.loanId();
        if (a.penaltiesCharged().signum() > 0) {
            ledger.append(loanId, LedgerEntryType.PENALTY_CHARGED, a.penaltiesCharged(), repayment.id(),
                    repayment.createdAt(), "penalty interest accrued to " + accounts.dateOf(repayment.paidAt()));
        }
        if (a.earlyRepaymentFee().signum() > 0) {
            ledger.append(loanId, LedgerEntryType.FEE_CHARGED, a.earlyRepaymentFee(), repayment.id(),
                    repayment.createdAt(), "early repayment fee");
        }
        ledger.append(loanId, LedgerEntryType.REPAYMENT, repayment.amount(), repayment.transactionId(),
                repayment.createdAt(), "principal=" + a.principal().toPlainString()
                        + " interest=" + a.interest().toPlainString()
                        + " fees=" + a.fees().toPlainString()
                        + " penalties=" + a.penalties().toPlainString()
                        + " overpaid=" + a.overpaid().toPlainString()
                        + " channel=" + repayment.channel());
    }
}
