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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
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
    private final ReversalReviews reviews;
    private final Ledger ledger;
    private final LoanLifecycle lifecycle;
    private final EngineRetry retry;
    private final Clock clock;

    RepaymentService(LoanRepository loans, LoanAccounts accounts, RepaymentRepository repayments,
                     ReversalReviews reviews, Ledger ledger, LoanLifecycle lifecycle, EngineRetry retry, Clock clock) {
        this.loans = loans;
        this.accounts = accounts;
        this.repayments = repayments;
        this.reviews = reviews;
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
                paidAt, command.channel(), allocation, now, null, null);
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

    /** What a reported reversal did. */
    public enum ReversalOutcome {
        /** Applied now: the account rebuilt, a settled loan reopened, the lifecycle told. */
        REVERSED,
        /** Reported and applied before; nothing changed. */
        ALREADY_REVERSED,
        /** The lien was already released: held until the servicing managers decide (Task_ReviewLateReversal). */
        HELD_FOR_REVIEW
    }

    /** The repayment as it stands after the report, and what the report did. */
    public record Reversal(Repayment repayment, ReversalOutcome outcome) {
    }

    /**
     * Reverses a posted repayment (the bank transfer bounced): the account is rebuilt from the schedule and the
     * payments that stand, a settled loan is reopened, the ledger gets a REVERSAL line and the lifecycle decides the
     * settlement state again and tells the borrower. Reversing the same repayment again changes nothing. Once the
     * lien is released nothing is reversed by this call: the vehicle's mortgage is already cancelled, so the
     * servicing managers decide whether the loan is reopened, and the report waits for them.
     */
    public Reversal reverse(String loanId, String transactionId, Instant reversedAt, String reason) {
        return retry.inTransaction(() -> reverseInTransaction(loanId, transactionId, reversedAt, reason));
    }

    private Reversal reverseInTransaction(String loanId, String transactionId, Instant reversedAt, String reason) {
        Loan loan = loans.lock(loanId).orElseThrow(() -> ApiException.notFound("Loan", loanId));
        Repayment repayment = repayments.findByTransactionId(transactionId)
                .filter(r -> r.loanId().equals(loanId))
                .orElseThrow(() -> ApiException.notFound("Repayment with transaction", transactionId));
        if (repayment.reversedAt() != null) {
            return new Reversal(repayment, ReversalOutcome.ALREADY_REVERSED);
        }
        var review = reviews.find(repayment.id());
        if (review.isPresent()) {
            if (review.get().pending()) {
                return new Reversal(repayment, ReversalOutcome.HELD_FOR_REVIEW);
            }
            throw ApiException.conflict("reversal-declined", "The servicing managers decided on "
                    + accounts.zoned(review.get().decidedAt()) + " to keep loan " + loanId
                    + " settled despite this reversal; it is not applied");
        }
        if (loan.status() == LoanStatus.CLOSED) {
            throw ApiException.unprocessable("loan-closed", "Loan " + loanId + " is closed and its lien released; "
                    + "a reversal now needs the servicing managers, not the API");
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        if (reversedAt.isAfter(now.plus(CLOCK_SKEW))) {
            throw ApiException.invalid("reversedAt", "is in the future");
        }
        Instant at = reversedAt.truncatedTo(ChronoUnit.MILLIS);
        if (loan.lienReleaseReference() != null) {
            return holdForReview(loan, repayment, at, reason, now);
        }
        reopen(loan, repayment, at, reason, now);
        if (!lifecycle.repaymentReversed(loan.processInstanceId(), repayment.id())) {
            throw ApiException.conflict("not-reversible-now", "The lifecycle of loan " + loanId
                    + " cannot take a reversal in its current step; try again shortly");
        }
        log.info("Reversed repayment {} ({}) of loan {}: {}", repayment.id(), transactionId, loanId, reason);
        return new Reversal(repayments.findByTransactionId(transactionId).orElseThrow(), ReversalOutcome.REVERSED);
    }

    private Reversal holdForReview(Loan loan, Repayment repayment, Instant reversedAt, String reason, Instant now) {
        // One review task covers every bounce of the loan reported while it is open: the managers decide them together.
        boolean reviewOpen = !reviews.pending(loan.id()).isEmpty();
        reviews.insert(new ReversalReview(repayment.id(), loan.id(), reversedAt, reason, now, null, null));
        if (!reviewOpen && !lifecycle.repaymentReversedAfterLienRelease(loan.processInstanceId(), repayment.id())) {
            throw ApiException.conflict("not-reversible-now", "The lifecycle of loan " + loan.id()
                    + " cannot take a reversal in its current step; try again shortly");
        }
        log.warn("Repayment {} of loan {} bounced after its lien was released; held for the servicing managers: {}",
                repayment.id(), loan.id(), reason);
        return new Reversal(repayment, ReversalOutcome.HELD_FOR_REVIEW);
    }

    /**
     * The servicing managers decided to reopen the loan despite its released lien: every reversal held for it is
     * applied now. The lifecycle goes on to its reversal path itself, so it is not told.
     */
    public void reverseAfterReview(String loanId) {
        Loan loan = loans.lock(loanId).orElseThrow();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        for (ReversalReview review : reviews.pending(loanId)) {
            reopen(loan, repayments.get(review.repaymentId()), review.reversedAt(), review.reason(), now);
            reviews.decide(review.repaymentId(), ReversalReview.Decision.REOPENED, now);
            log.info("Reversed repayment {} of loan {} after review: loan reopened", review.repaymentId(), loanId);
        }
    }

    /** The servicing managers decided the loan stays settled: the held reversals are recorded as declined. */
    public void keepSettledAfterReview(String loanId) {
        loans.lock(loanId).orElseThrow();
        Instant now = clock.instant();
        for (ReversalReview review : reviews.pending(loanId)) {
            reviews.decide(review.repaymentId(), ReversalReview.Decision.KEPT_SETTLED, now);
            log.info("Reversal of repayment {} of loan {} declined after review: loan stays settled",
                    review.repaymentId(), loanId);
        }
    }

    private void reopen(Loan loan, Repayment repayment, Instant reversedAt, String reason, Instant now) {
        String loanId = loan.id();
        repayments.markReversed(repayment.id(), reversedAt, reason);
        LoanAccount account = accounts.of(loan).orElseThrow();
        account.rebuild(movements(loanId)).forEach(repayments::updateAllocation);
        loans.save(loanId, account);
        ledger.append(loanId, LedgerEntryType.REVERSAL, repayment.amount(), repayment.transactionId(), now,
                "repayment " + repayment.id() + " reversed: " + reason);
        boolean arrears = account.hasArrears(accounts.today());
        loans.reopen(loanId, arrears ? LoanStatus.OVERDUE : LoanStatus.ACTIVE, now,
                "repayment " + repayment.id() + " reversed");
    }

    /** The payments that stand and the refunds already made, in the order they happened. */
    private List<LoanAccount.Movement> movements(String loanId) {
        record Dated(Instant at, LoanAccount.Movement movement) {
        }
        List<Dated> dated = new ArrayList<>();
        repayments.standing(loanId).forEach(r -> dated.add(new Dated(r.paidAt(),
                new LoanAccount.Payment(r.id(), r.amount(), accounts.dateOf(r.paidAt())))));
        ledger.entries(loanId).stream().filter(e -> e.type() == LedgerEntryType.REFUND)
                .forEach(e -> dated.add(new Dated(e.bookedAt(), new LoanAccount.Refund(e.amount()))));
        dated.sort(Comparator.comparing(Dated::at));
        return dated.stream().map(Dated::movement).toList();
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
