package com.loanflow.loan.schedule;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Computes monthly repayment schedules exact to the fen (0.01 yuan).
 *
 * <p>The monthly rate is {@code annualRate / 12} kept at {@link MathContext#DECIMAL128} precision; only
 * money amounts are rounded, half-up to two decimals. Every month's interest is the rounded product of the
 * balance before that month and the monthly rate. The last instalment takes whatever principal is left, so
 * the principals always add up to the loan amount exactly.
 *
 * <p>Instalment {@code k} falls due on {@code startDate.plusMonths(k)}; a start on the 31st therefore falls
 * due on the last day of shorter months (Jan 31 → Feb 28 or 29 → Mar 31), never rolling into the next month.
 */
public final class ScheduleCalculator {

    /** 30 years: the longest term any product of ours could offer; beyond it the input is a mistake. */
    public static final int MAX_TERM_MONTHS = 360;

    private static final int MONEY_SCALE = 2;
    private static final RoundingMode MONEY_ROUNDING = RoundingMode.HALF_UP;
    private static final MathContext RATE_PRECISION = MathContext.DECIMAL128;
    private static final BigDecimal MONTHS_PER_YEAR = BigDecimal.valueOf(12);
    private static final BigDecimal ZERO_MONEY = BigDecimal.ZERO.setScale(MONEY_SCALE);

    private ScheduleCalculator() {
    }

    /**
     * Builds the repayment schedule of a loan.
     *
     * @param principal  amount lent, in yuan; positive, at most two decimal places
     * @param termMonths number of monthly instalments, 1 to {@value #MAX_TERM_MONTHS}
     * @param annualRate nominal yearly rate as a fraction ({@code 0.0588} for 5.88 %); zero allowed
     * @param method     how the principal is spread
     * @param startDate  disbursement date; the first instalment is due one month later
     * @return the instalments in order, unmodifiable
     * @throws IllegalArgumentException if any argument is null or out of range, or if the principal is too
     *                                  small to spread over the term without a negative last instalment
     */
    public static List<ScheduledInstalment> calculate(BigDecimal principal, int termMonths, BigDecimal annualRate,
            RepaymentMethod method, LocalDate startDate) {
        BigDecimal amount = validatedPrincipal(principal);
        if (termMonths < 1 || termMonths > MAX_TERM_MONTHS) {
            throw new IllegalArgumentException(
                    "termMonths must be between 1 and " + MAX_TERM_MONTHS + ", was " + termMonths);
        }
        if (annualRate == null) {
            throw new IllegalArgumentException("annualRate must not be null");
        }
        if (annualRate.signum() < 0) {
            throw new IllegalArgumentException("annualRate must not be negative, was " + annualRate);
        }
        if (method == null) {
            throw new IllegalArgumentException("method must not be null");
        }
        if (startDate == null) {
            throw new IllegalArgumentException("startDate must not be null");
        }

        BigDecimal monthlyRate = annualRate.divide(MONTHS_PER_YEAR, RATE_PRECISION);
        List<ScheduledInstalment> schedule = switch (method) {
            case EQUAL_INSTALLMENT -> equalInstalment(amount, termMonths, monthlyRate, startDate);
            case EQUAL_PRINCIPAL -> equalPrincipal(amount, termMonths, monthlyRate, startDate);
        };
        return Collections.unmodifiableList(schedule);
    }

    private static BigDecimal validatedPrincipal(BigDecimal principal) {
        if (principal == null) {
            throw new IllegalArgumentException("principal must not be null");
        }
        if (principal.signum() <= 0) {
            throw new IllegalArgumentException("principal must be positive, was " + principal);
        }
        // Fractions of a fen cannot be paid out; letting them in would break "principals add up to P" at scale 2.
        try {
            return principal.setScale(MONEY_SCALE, RoundingMode.UNNECESSARY);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("principal must not have fractions of a fen, was " + principal, e);
        }
    }

    private static List<ScheduledInstalment> equalInstalment(BigDecimal amount, int termMonths,
            BigDecimal monthlyRate, LocalDate startDate) {
        BigDecimal payment;
        if (monthlyRate.signum() == 0) {
            // The annuity formula divides by zero at r = 0; its limit is simply P / n.
            payment = amount.divide(BigDecimal.valueOf(termMonths), MONEY_SCALE, MONEY_ROUNDING);
        } else {
            BigDecimal growth = BigDecimal.ONE.add(monthlyRate).pow(termMonths, RATE_PRECISION);
            payment = amount.multiply(monthlyRate)
                    .multiply(growth)
                    .divide(growth.subtract(BigDecimal.ONE), RATE_PRECISION)
                    .setScale(MONEY_SCALE, MONEY_ROUNDING);
        }

        List<ScheduledInstalment> schedule = new ArrayList<>(termMonths);
        BigDecimal balance = amount;
        for (int k = 1; k <= termMonths; k++) {
            BigDecimal interest = interestOn(balance, monthlyRate);
            BigDecimal principalPart = k < termMonths ? payment.subtract(interest) : balance;
            schedule.add(instalment(k, startDate, principalPart, interest, amount, termMonths));
            balance = balance.subtract(principalPart);
        }
        return schedule;
    }

    private static List<ScheduledInstalment> equalPrincipal(BigDecimal amount, int termMonths,
            BigDecimal monthlyRate, LocalDate startDate) {
        BigDecimal regularPrincipal = amount.divide(BigDecimal.valueOf(termMonths), MONEY_SCALE, MONEY_ROUNDING);
        BigDecimal lastPrincipal = amount.subtract(regularPrincipal.multiply(BigDecimal.valueOf(termMonths - 1L)));

        List<ScheduledInstalment> schedule = new ArrayList<>(termMonths);
        BigDecimal balance = amount;
        for (int k = 1; k <= termMonths; k++) {
            BigDecimal principalPart = k < termMonths ? regularPrincipal : lastPrincipal;
            BigDecimal interest = interestOn(balance, monthlyRate);
            schedule.add(instalment(k, startDate, principalPart, interest, amount, termMonths));
            balance = balance.subtract(principalPart);
        }
        return schedule;
    }

    private static BigDecimal interestOn(BigDecimal balance, BigDecimal monthlyRate) {
        return monthlyRate.signum() == 0
                ? ZERO_MONEY
                : balance.multiply(monthlyRate).setScale(MONEY_SCALE, MONEY_ROUNDING);
    }

    private static ScheduledInstalment instalment(int number, LocalDate startDate, BigDecimal principalPart,
            BigDecimal interest, BigDecimal amount, int termMonths) {
        // Rounding every month up by up to half a fen can overshoot a tiny loan before the last month,
        // which would leave a negative repayment; no borrower can be billed that.
        if (principalPart.signum() < 0) {
            throw new IllegalArgumentException(
                    "principal " + amount + " is too small to spread over " + termMonths + " months");
        }
        return new ScheduledInstalment(number, startDate.plusMonths(number), principalPart, interest,
                principalPart.add(interest));
    }
}
