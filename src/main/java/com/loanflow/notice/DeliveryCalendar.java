package com.loanflow.notice;

import com.loanflow.borrower.Borrower;
import com.loanflow.borrower.BorrowerRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.Date;
import org.springframework.stereotype.Component;

/**
 * The times the notify-borrower timers wait for ({@code ${deliveryCalendar.…}}): the end of the borrower's quiet
 * hours, the retry backoff, the confirmation deadline of an attempt, the read-acknowledgement deadline.
 */
@Component("deliveryCalendar")
public class DeliveryCalendar {

    private final NoticeRepository notices;
    private final BorrowerRepository borrowers;
    private final DeliverySettings settings;
    private final Clock clock;

    DeliveryCalendar(NoticeRepository notices, BorrowerRepository borrowers, DeliverySettings settings, Clock clock) {
        this.notices = notices;
        this.borrowers = borrowers;
        this.settings = settings;
        this.clock = clock;
    }

    /** Now, or when the borrower's quiet hours end if the notice is not one that may wake them. */
    public Date sendAt(String noticeId, Boolean respectQuietHours) {
        Instant now = clock.instant();
        if (!Boolean.TRUE.equals(respectQuietHours)) {
            return Date.from(now);
        }
        Borrower borrower = borrowers.find(notices.find(noticeId).orElseThrow().borrowerId()).orElseThrow();
        LocalTime start = borrower.quietHoursStart() == null ? settings.quietHoursStart() : borrower.quietHoursStart();
        LocalTime end = borrower.quietHoursEnd() == null ? settings.quietHoursEnd() : borrower.quietHoursEnd();
        return Date.from(endOfQuietHours(now.atZone(borrower.timeZone()), start, end).toInstant());
    }

    static ZonedDateTime endOfQuietHours(ZonedDateTime now, LocalTime start, LocalTime end) {
        LocalTime time = now.toLocalTime();
        boolean overnight = start.isAfter(end);
        boolean quiet = overnight ? !time.isBefore(start) || time.isBefore(end)
                : !time.isBefore(start) && time.isBefore(end);
        if (!quiet) {
            return now;
        }
        ZonedDateTime endToday = now.with(end).withSecond(0).withNano(0);
        return endToday.isAfter(now) ? endToday : endToday.plusDays(1);
    }

    public Date confirmationDeadline(String attemptId) {
        Attempt attempt = notices.findAttempt(attemptId).orElseThrow();
        return Date.from(attempt.confirmationDeadline() == null ? clock.instant() : attempt.confirmationDeadline());
    }

    public Date retryAt(String attemptId) {
        Attempt attempt = notices.findAttempt(attemptId).orElseThrow();
        return Date.from(clock.instant().plus(settings.backoffBefore(attempt.tryNumber() + 1)));
    }

    /** The read acknowledgement is awaited from this round's delivery (a re-delivery starts the wait again). */
    public Date readAckDeadline(String noticeId, String readAckWait) {
        Notice notice = notices.find(noticeId).orElseThrow();
        Instant from = notices.attempts(noticeId).stream()
                .filter(a -> a.planRevision() == notice.planRevision() && a.deliveredAt() != null)
                .map(Attempt::deliveredAt)
                .min(Instant::compareTo)
                .orElse(clock.instant());
        return Date.from(from.plus(Duration.parse(readAckWait)));
    }

    /** Due date of the "Contact borrower" task: the escalation SLA from now. */
    public Date escalationDue(String escalationSla) {
        return Date.from(clock.instant().plus(Duration.parse(escalationSla)));
    }

    public String unreachableRetryAfter() {
        return settings.unreachableRetryAfter().toString();
    }
}
