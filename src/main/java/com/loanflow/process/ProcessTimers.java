package com.loanflow.process;

import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import org.springframework.stereotype.Component;

/**
 * What the models' timers, retry cycles and due dates read, as {@code ${timers.…}} expressions. Durations are
 * ISO-8601 strings because that is what Camunda timer definitions and retry cycles take.
 */
@Component("timers")
public class ProcessTimers {

    private final ProcessSettings settings;
    private final Clock clock;

    public ProcessTimers(ProcessSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    public String creditCheckRetryCycle() {
        return settings.creditCheck().retryCycle();
    }

    public String creditCheckDelayNotice() {
        return settings.creditCheck().delayNoticeAfter().toString();
    }

    public String manualReviewEscalation() {
        return settings.manualReview().escalateAfter().toString();
    }

    public Date manualReviewDue() {
        return dueIn(settings.manualReview().dueIn());
    }

    public Date escalatedReviewDue() {
        return dueIn(settings.manualReview().managerDueIn());
    }

    public String disbursementRetryCycle() {
        return settings.disbursement().retryCycle();
    }

    public String disbursementDelayNotice() {
        return settings.disbursement().delayNoticeAfter().toString();
    }

    public String noticeRetryCycle() {
        return settings.notice().retryCycle();
    }

    public Date collectionsDue() {
        return dueIn(settings.repayment().collectionsDueIn());
    }

    public Date refundDue() {
        return dueIn(settings.settlement().refundDueIn());
    }

    public Date lienReleaseDue() {
        return dueIn(settings.settlement().lienReleaseDueIn());
    }

    public Date followUpDue() {
        return dueIn(settings.settlement().followUpDueIn());
    }

    public Date settlementNoticeOverdueDue() {
        return dueIn(settings.settlement().noticeOverdueDueIn());
    }

    public Date ledgerInvestigationDue() {
        return dueIn(settings.settlement().ledgerInvestigationDueIn());
    }

    public Date lateReversalReviewDue() {
        return dueIn(settings.settlement().lateReversalReviewDueIn());
    }

    private Date dueIn(Duration duration) {
        return Date.from(clock.instant().plus(duration));
    }
}
