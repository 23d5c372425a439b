package com.loanflow.loan;

import static com.loanflow.common.Money.ZERO;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/**
 * One instalment of a repayment schedule and what has been paid against it. Mutable on purpose: a repayment
 * allocation changes several instalments at once, and the repository writes them back in one transaction.
 */
public final class Instalment {

    private final int number;
    private final LocalDate dueDate;
    private final BigDecimal principal;
    private final BigDecimal scheduledInterest;
    private BigDecimal interest;
    private BigDecimal fees;
    private BigDecimal penalties;
    private BigDecimal principalPaid;
    private BigDecimal interestPaid;
    private BigDecimal feesPaid;
    private BigDecimal penaltiesPaid;
    private LocalDate penaltyAccruedTo;
    private Instant reminderSentAt;
    private Instant overdueSince;

    public Instalment(int number, LocalDate dueDate, BigDecimal principal, BigDecimal interest) {
        this(number, dueDate, principal, interest, ZERO, ZERO, ZERO, ZERO, ZERO, ZERO, null, null, null);
    }

    public Instalment(int number, LocalDate dueDate, BigDecimal principal, BigDecimal interest, BigDecimal fees,
                      BigDecimal penalties, BigDecimal principalPaid, BigDecimal interestPaid, BigDecimal feesPaid,
                      BigDecimal penaltiesPaid, LocalDate penaltyAccruedTo, Instant reminderSentAt,
                      Instant overdueSince) {
        this(number, dueDate, principal, interest, interest, fees, penalties, principalPaid, interestPaid, feesPaid,
                penaltiesPaid, penaltyAccruedTo, reminderSentAt, overdueSince);
    }

    /** {@code scheduledInterest} is the interest the schedule gave; {@code interest} what is charged now. */
    public Instalment(int number, LocalDate dueDate, BigDecimal principal, BigDecimal scheduledInterest,
                      BigDecimal interest, BigDecimal fees, BigDecimal penalties, BigDecimal principalPaid,
                      BigDecimal interestPaid, BigDecimal feesPaid, BigDecimal penaltiesPaid,
                      LocalDate penaltyAccruedTo, Instant reminderSentAt, Instant overdueSince) {
        this.number = number;
        this.dueDate = dueDate;
        this.principal = principal;
        this.scheduledInterest = scheduledInterest;
        this.interest = interest;
        this.fees = fees;
        this.penalties = penalties;
        this.principalPaid = principalPaid;
        this.interestPaid = interestPaid;
        this.feesPaid = feesPaid;
        this.penaltiesPaid = penaltiesPaid;
        this.penaltyAccruedTo = penaltyAccruedTo;
        this.reminderSentAt = reminderSentAt;
        this.overdueSince = overdueSince;
    }

    public int number() {
        return number;
    }

    public LocalDate dueDate() {
        return dueDate;
    }

    public BigDecimal principal() {
        return principal;
    }

    public BigDecimal interest() {
        return interest;
    }

    public BigDecimal scheduledInterest() {
        return scheduledInterest;
    }

    public BigDecimal fees() {
        return fees;
    }

    public BigDecimal penalties() {
        return penalties;
    }

    public BigDecimal principalPaid() {
        return principalPaid;
    }

    public BigDecimal interestPaid() {
        return interestPaid;
    }

    public BigDecimal feesPaid() {
        return feesPaid;
    }

    public BigDecimal penaltiesPaid() {
        return penaltiesPaid;
    }

    public LocalDate penaltyAccruedTo() {
        return penaltyAccruedTo;
    }

    public Instant reminderSentAt() {
        return reminderSentAt;
    }

    public Instant overdueSince() {
        return overdueSince;
    }

    public BigDecimal unpaidPrincipal() {
        return principal.subtract(principalPaid);
    }

    public BigDecimal unpaidInterest() {
        return interest.subtract(interestPaid);
    }

    public BigDecimal unpaidFees() {
        return fees.subtract(feesPaid);
    }

    public BigDecimal unpaidPenalties() {
        return penalties.subtract(penaltiesPaid);
    }

    public BigDecimal owed() {
        return principal.add(interest).add(fees).add(penalties);
    }

    public BigDecimal paid() {
        return principalPaid.add(interestPaid).add(feesPaid).add(penaltiesPaid);
    }

    public BigDecimal unpaid() {
        return owed().subtract(paid());
    }

    public boolean settled() {
        return unpaid().signum() == 0;
    }

    BigDecimal payPenalties(BigDecimal available) {
        BigDecimal paid = available.min(unpaidPenalties());
        penaltiesPaid = penaltiesPaid.add(paid);
        return paid;
    }

    BigDecimal payFees(BigDecimal available) {
        BigDecimal paid = available.min(unpaidFees());
        feesPaid = feesPaid.add(paid);
        return paid;
    }

    BigDecimal payInterest(BigDecimal available) {
        BigDecimal paid = available.min(unpaidInterest());
        interestPaid = interestPaid.add(paid);
        return paid;
    }

    BigDecimal payPrincipal(BigDecimal available) {
        BigDecimal paid = available.min(unpaidPrincipal());
        principalPaid = principalPaid.add(paid);
        return paid;
    }

    void addPenalty(BigDecimal amount, LocalDate accruedTo) {
        penalties = penalties.add(amount);
        penaltyAccruedTo = accruedTo;
    }

    void addFee(BigDecimal amount) {
        fees = fees.add(amount);
    }

    /** On early payoff the interest of this instalment is cut to what has accrued (never below what was paid). */
    void reduceInterestTo(BigDecimal accrued) {
        interest = accrued.max(interestPaid);
    }

    /** Back to the schedule before any payment, charge or early-payoff waiver: the start of a rebuild. */
    void resetToSchedule() {
        interest = scheduledInterest;
        fees = ZERO;
        penalties = ZERO;
        principalPaid = ZERO;
        interestPaid = ZERO;
        feesPaid = ZERO;
        penaltiesPaid = ZERO;
        penaltyAccruedTo = null;
    }

    void markReminderSent(Instant at) {
        reminderSentAt = at;
    }

    void markOverdue(Instant since) {
        overdueSince = since;
    }
}
