package com.loanflow.process;

import java.time.Duration;
import java.time.LocalTime;
import java.time.Period;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

/**
 * Every timer, retry cycle and task deadline of the models, from {@code loanflow.process.*}. The models read
 * them through {@link ProcessTimers}, so an operator changes a duration without touching a diagram.
 */
@Validated
@ConfigurationProperties("loanflow.process")
public record ProcessSettings(
        @Valid @NotNull CreditCheck creditCheck,
        @Valid @NotNull ManualReview manualReview,
        @Valid @NotNull Disbursement disbursement,
        @Valid @NotNull Repayment repayment,
        @Valid @NotNull Settlement settlement,
        @Valid @NotNull Notice notice) {

    /** Credit bureau call: retry cycle (Camunda's comma-separated backoff list) and the delay notice. */
    public record CreditCheck(@NotBlank String retryCycle, @NotNull Duration delayNoticeAfter) {
    }

    public record ManualReview(@NotNull Duration dueIn, @NotNull Duration escalateAfter, @NotNull Duration managerDueIn) {
    }

    public record Disbursement(@NotBlank String retryCycle, @NotNull Duration delayNoticeAfter) {
    }

    /**
     * Reminder lead time and grace period are in days because instalments fall due on dates; reminders go out at
     * {@code reminderTime} in the lender's zone, overdue detection runs at the start of the day after the grace period.
     */
    public record Repayment(@NotNull Period reminderLeadTime, @NotNull LocalTime reminderTime,
                            @NotNull Period gracePeriod, @NotNull Period idleRecheck,
                            @NotNull Duration collectionsDueIn) {
    }

    /** Rendering and sending a notice: retried with backoff, then an incident. */
    public record Notice(@NotBlank String retryCycle) {
    }

    /**
     * {@code noticeSla} runs from the payoff repayment to the borrower's confirmation (delivery plus read) of the
     * {@code LOAN_SETTLED} notice; past it the notice is escalated to servicing managers and counts as late in the
     * timeliness KPI. {@code lateReversalReviewDueIn}: the managers' deadline for a repayment that bounced after the
     * lien was released.
     */
    public record Settlement(@NotNull Duration refundDueIn, @NotNull Duration lienReleaseDueIn,
                             @NotNull Duration followUpDueIn, @NotNull Duration noticeSla,
                             @NotNull Duration noticeOverdueDueIn, @NotNull Duration ledgerInvestigationDueIn,
                             @NotNull Duration lateReversalReviewDueIn) {
    }
}
