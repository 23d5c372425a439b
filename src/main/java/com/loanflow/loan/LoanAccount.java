package com.loanflow.loan;

import static com.loanflow.common.Money.ZERO;
import static com.loanflow.common.Money.fen;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.LocalDate;
import java.time.Period;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The repayment arithmetic of one disbursed loan: balances, payoff quote, penalty accrual and the allocation of a
 * repayment. Pure and deterministic, so it is tested without a database; {@link LoanRepository} loads and saves it.
 *
 * <p>Rules, all rounded half-up to the fen:
 * <ul>
 *   <li>A repayment pays, instalment by instalment from the oldest, penalties, then fees, then interest, then
 *       principal. Money left after every instalment is paid is an overpayment.</li>
 *   <li>Interest of the current period accrues by day: scheduled interest × days elapsed ÷ days in the period.</li>
 *   <li>An instalment still unpaid after its due date plus the grace period is overdue, whatever part of it is
 *       unpaid: a fee or a penalty left over is arrears like principal. From then on it carries a daily penalty (罚息)
 *       on its unpaid principal and interest, counted from the due date; a fee alone carries none.</li>
 *   <li>A repayment that covers everything owed today except the early repayment fee is an early payoff: the
 *       interest of future periods is waived, and the fee (rate × principal repaid before its due date) is charged
 *       after the principal is paid. What the repayment cannot cover of that fee remains owed, which is how a loan
 *       becomes PARTIALLY_SETTLED.</li>
 *   <li>Settling early never costs more than paying the rest of the schedule: when the early payoff (accrued interest
 *       plus fee) would cost more than what remains scheduled — near the end of the loan — the payoff quote is the
 *       remaining schedule, and paying it is an ordinary repayment without fee.</li>
 * </ul>
 */
public final class LoanAccount {

    private final LocalDate startDate;
    private final BigDecimal earlyRepaymentFeeRate;
    private final BigDecimal penaltyDailyRate;
    private final Period gracePeriod;
    private final List<Instalment> instalments;
    private BigDecimal overpaid;

    public LoanAccount(LocalDate startDate, BigDecimal earlyRepaymentFeeRate, BigDecimal penaltyDailyRate,
                       Period gracePeriod, List<Instalment> instalments, BigDecimal overpaid) {
        this.startDate = startDate;
        this.earlyRepaymentFeeRate = earlyRepaymentFeeRate;
        this.penaltyDailyRate = penaltyDailyRate;
        this.gracePeriod = gracePeriod;
        this.instalments = instalments.stream().sorted(Comparator.comparingInt(Instalment::number)).toList();
        this.overpaid = overpaid;
    }

    public List<Instalment> instalments() {
        return instalments;
    }

    public BigDecimal overpaid() {
        return overpaid;
    }

    public Balances balances(LocalDate asOf) {
        return new Balances(
                sum(Instalment::unpaidPrincipal),
                interestOwed(asOf),
                sum(Instalment::unpaidFees),
                sum(Instalment::unpaidPenalties).add(penaltyAccrual(asOf)),
                overpaid);
    }

    public PayoffQuote payoffQuote(LocalDate asOf) {
        return foreclosureIsCheaper(asOf) ? foreclosureQuote(asOf) : scheduleQuote(asOf);
    }

    /** Settling today with future interest waived and the early repayment fee charged. */
    private PayoffQuote foreclosureQuote(LocalDate asOf) {
        Balances balances = balances(asOf);
        return new PayoffQuote(asOf, balances.principal(), balances.interest(),
                balances.fees().add(earlyRepaymentFee(principalNotYetDue(asOf))), balances.penalties());
    }

    /** Settling today by paying everything still scheduled, interest included, without a fee. */
    private PayoffQuote scheduleQuote(LocalDate asOf) {
        Balances balances = balances(asOf);
        return new PayoffQuote(asOf, balances.principal(), sum(Instalment::unpaidInterest), balances.fees(),
                balances.penalties());
    }

    private boolean foreclosureIsCheaper(LocalDate asOf) {
        return principalNotYetDue(asOf).signum() > 0
                && foreclosureQuote(asOf).total().compareTo(scheduleQuote(asOf).total()) < 0;
    }

    /** Charges the penalties accrued up to {@code asOf} to the overdue instalments; returns what was charged. */
    public BigDecimal accruePenalties(LocalDate asOf) {
        BigDecimal charged = ZERO;
        for (Instalment instalment : instalments) {
            // A backdated repayment must not move the accrual date back and charge those days again.
            boolean alreadyAccrued = instalment.penaltyAccruedTo() != null && !asOf.isAfter(instalment.penaltyAccruedTo());
            if (pastGrace(instalment, asOf) && !alreadyAccrued) {
                BigDecimal penalty = penaltyAccrual(instalment, asOf);
                instalment.addPenalty(penalty, asOf);
                charged = charged.add(penalty);
            }
        }
        return charged;
    }

    public Allocation apply(BigDecimal amount, LocalDate asOf) {
        if (amount.signum() <= 0) {
            throw new IllegalArgumentException("A repayment must be positive: " + amount);
        }
        BigDecimal penaltiesCharged = accruePenalties(asOf);
        BigDecimal prepaidPrincipal = principalNotYetDue(asOf);
        BigDecimal fee = earlyRepaymentFee(prepaidPrincipal);
        boolean earlyPayoff = foreclosureIsCheaper(asOf)
                && amount.compareTo(foreclosureQuote(asOf).total().subtract(fee)) >= 0;
        if (earlyPayoff) {
            waiveFutureInterest(asOf);
        }

        BigDecimal remaining = amount;
        BigDecimal penalties = ZERO;
        BigDecimal fees = ZERO;
        BigDecimal interest = ZERO;
        BigDecimal principal = ZERO;
        for (Instalment instalment : instalments) {
            BigDecimal paid = instalment.payPenalties(remaining);
            penalties = penalties.add(paid);
            remaining = remaining.subtract(paid);
            paid = instalment.payFees(remaining);
            fees = fees.add(paid);
            remaining = remaining.subtract(paid);
            paid = instalment.payInterest(remaining);
            interest = interest.add(paid);
            remaining = remaining.subtract(paid);
            paid = instalment.payPrincipal(remaining);
            principal = principal.add(paid);
            remaining = remaining.subtract(paid);
        }
        if (earlyPayoff && fee.signum() > 0) {
            Instalment current = currentPeriod(asOf).orElseThrow();
            current.addFee(fee);
            BigDecimal paid = current.payFees(remaining);
            fees = fees.add(paid);
            remaining = remaining.subtract(paid);
        }
        overpaid = overpaid.add(remaining);
        return new Allocation(principal, interest, fees, penalties, remaining, earlyPayoff,
                earlyPayoff ? fee : ZERO, penaltiesCharged);
    }

    /** A payment or a refund that stands, in the order it happened, for {@link #rebuild}. */
    public sealed interface Movement permits Payment, Refund {
    }

    public record Payment(String repaymentId, BigDecimal amount, LocalDate valueDate) implements Movement {
    }

    public record Refund(BigDecimal amount) implements Movement {
    }

    /**
     * Rebuilds the account from the schedule and the movements that still stand, after a repayment was reversed
     * (a bounced transfer): every later payment is allocated again as if the reversed one had never been made, the
     * way Fineract reprocesses a loan's transactions. Returns the new allocation of each payment.
     */
    public Map<String, Allocation> rebuild(List<Movement> movements) {
        instalments.forEach(Instalment::resetToSchedule);
        overpaid = ZERO;
        Map<String, Allocation> allocations = new LinkedHashMap<>();
        for (Movement movement : movements) {
            if (movement instanceof Payment p) {
                allocations.put(p.repaymentId(), apply(p.amount(), p.valueDate()));
            } else if (movement instanceof Refund r) {
                overpaid = overpaid.subtract(r.amount()).max(ZERO);
            }
        }
        return allocations;
    }

    /** Pays an overpayment back to the borrower. */
    public void refund(BigDecimal amount) {
        if (amount.signum() <= 0 || amount.compareTo(overpaid) > 0) {
            throw new IllegalArgumentException("Refund " + amount + " must be positive and at most the overpayment " + overpaid);
        }
        overpaid = overpaid.subtract(amount);
    }

    /**
     * Instalments unpaid once their due date plus the grace period has passed. Fees and penalties count: a loan that
     * owes only those (PARTIALLY_SETTLED) is in arrears like any other until it pays them.
     */
    public boolean pastGrace(Instalment instalment, LocalDate asOf) {
        return asOf.isAfter(instalment.dueDate().plus(gracePeriod)) && instalment.unpaid().signum() > 0;
    }

    /** What the borrower has to pay next and by when: everything already due, else the next instalment. */
    public record AmountDue(BigDecimal amount, LocalDate dueDate) {
    }

    /**
     * Empty when nothing is owed. Instalments already due count together, dated by the oldest of them, because a
     * reversal can leave several unpaid at once; otherwise it is the next instalment's unpaid part.
     */
    public Optional<AmountDue> amountDue(LocalDate asOf) {
        List<Instalment> unpaid = instalments.stream().filter(i -> i.unpaid().signum() > 0).toList();
        if (unpaid.isEmpty()) {
            return Optional.empty();
        }
        List<Instalment> due = unpaid.stream().filter(i -> !i.dueDate().isAfter(asOf)).toList();
        if (due.isEmpty()) {
            return Optional.of(new AmountDue(unpaid.get(0).unpaid(), unpaid.get(0).dueDate()));
        }
        BigDecimal amount = due.stream().map(Instalment::unpaid).reduce(ZERO, BigDecimal::add)
                .add(penaltyAccrual(asOf));
        return Optional.of(new AmountDue(amount, due.get(0).dueDate()));
    }

    public boolean hasArrears(LocalDate asOf) {
        return instalments.stream().anyMatch(i -> pastGrace(i, asOf));
    }

    private BigDecimal interestOwed(LocalDate asOf) {
        BigDecimal due = instalments.stream()
                .filter(i -> !i.dueDate().isAfter(asOf))
                .map(Instalment::unpaidInterest)
                .reduce(ZERO, BigDecimal::add);
        BigDecimal accrued = currentPeriod(asOf)
                .map(i -> accruedInterest(i, asOf).subtract(i.interestPaid()).max(ZERO))
                .orElse(ZERO);
        return due.add(accrued);
    }

    private void waiveFutureInterest(LocalDate asOf) {
        Optional<Instalment> current = currentPeriod(asOf);
        for (Instalment instalment : instalments) {
            if (instalment.dueDate().isAfter(asOf)) {
                instalment.reduceInterestTo(current.filter(c -> c == instalment)
                        .map(c -> accruedInterest(c, asOf))
                        .orElse(ZERO));
            }
        }
    }

    /** The instalment whose period contains {@code asOf}: the first one not yet due. */
    private Optional<Instalment> currentPeriod(LocalDate asOf) {
        return instalments.stream().filter(i -> i.dueDate().isAfter(asOf)).findFirst();
    }

    private BigDecimal accruedInterest(Instalment instalment, LocalDate asOf) {
        LocalDate periodStart = instalment.number() == 1 ? startDate
                : instalments.get(instalments.indexOf(instalment) - 1).dueDate();
        long daysInPeriod = ChronoUnit.DAYS.between(periodStart, instalment.dueDate());
        long elapsed = Math.max(0, ChronoUnit.DAYS.between(periodStart, asOf));
        if (daysInPeriod <= 0 || elapsed >= daysInPeriod) {
            return instalment.interest();
        }
        return fen(instalment.interest().multiply(BigDecimal.valueOf(elapsed))
                .divide(BigDecimal.valueOf(daysInPeriod), MathContext.DECIMAL128));
    }

    private BigDecimal principalNotYetDue(LocalDate asOf) {
        return instalments.stream()
                .filter(i -> i.dueDate().isAfter(asOf))
                .map(Instalment::unpaidPrincipal)
                .reduce(ZERO, BigDecimal::add);
    }

    private BigDecimal earlyRepaymentFee(BigDecimal prepaidPrincipal) {
        return fen(prepaidPrincipal.multiply(earlyRepaymentFeeRate));
    }

    private BigDecimal penaltyAccrual(LocalDate asOf) {
        return instalments.stream().map(i -> penaltyAccrual(i, asOf)).reduce(ZERO, BigDecimal::add);
    }

    private BigDecimal penaltyAccrual(Instalment instalment, LocalDate asOf) {
        if (!pastGrace(instalment, asOf)) {
            return ZERO;
        }
        LocalDate from = instalment.penaltyAccruedTo() == null ? instalment.dueDate() : instalment.penaltyAccruedTo();
        long days = ChronoUnit.DAYS.between(from, asOf);
        if (days <= 0) {
            return ZERO;
        }
        BigDecimal base = instalment.unpaidPrincipal().add(instalment.unpaidInterest());
        return fen(base.multiply(penaltyDailyRate).multiply(BigDecimal.valueOf(days)));
    }

    private BigDecimal sum(Function<Instalment, BigDecimal> amount) {
        return instalments.stream().map(amount).reduce(ZERO, BigDecimal::add);
    }
}
