package com.loanflow.loan.schedule;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;

/**
 * One instalment of a repayment schedule, in yuan with scale 2.
 *
 * @param number    1-based position in the schedule
 * @param dueDate   the day the instalment falls due
 * @param principal the part that reduces the loan balance
 * @param interest  the interest accrued on the balance for the month
 * @param total     what the borrower pays: {@code principal + interest}
 */
public record ScheduledInstalment(int number, LocalDate dueDate, BigDecimal principal, BigDecimal interest,
        BigDecimal total) {

    public ScheduledInstalment {
        if (number < 1) {
            throw new IllegalArgumentException("instalment number must be at least 1, was " + number);
        }
        Objects.requireNonNull(dueDate, "dueDate");
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(interest, "interest");
        Objects.requireNonNull(total, "total");
        // A schedule whose lines do not add up would be shown to borrowers and booked in the ledger.
        if (principal.add(interest).compareTo(total) != 0) {
            throw new IllegalArgumentException(
                    "total " + total + " is not principal " + principal + " + interest " + interest);
        }
    }
}
