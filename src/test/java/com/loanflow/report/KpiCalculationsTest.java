package com.loanflow.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.loanflow.notice.AttemptStatus;
import com.loanflow.report.SettlementNoticeTimeliness.LoanOutcome;
import com.loanflow.report.SettlementNoticeTimeliness.SettledLoan;
import com.loanflow.report.SettlementNoticeTimeliness.Timeliness;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The KPI figures from a known set of loans, notices and attempts, in the lender's zone (UTC+8): a loan settled at
 * 00:30 on a Monday in Shanghai is still Sunday in UTC, and 1 November 00:00 is 31 October in UTC.
 */
class KpiCalculationsTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final LocalDate FROM = LocalDate.parse("2026-10-29");
    private static final LocalDate TO = LocalDate.parse("2026-11-03");
    private static final Instant NOW = shanghai("2026-11-03T12:00:00");

    private final SettlementNoticeTimeliness timeliness = new SettlementNoticeTimeliness(Duration.ofHours(24), SHANGHAI);

    /** Saturday 31 October to Tuesday 3 November 2026. */
    private final List<LoanOutcome> loans = List.of(
            // 8 hours after the payoff: on time.
            loan("A", "2026-10-31T10:00:00", "2026-10-31T18:00:00"),
            // One second after the deadline: late.
            loan("B", "2026-10-31T23:59:59", "2026-11-02T00:00:00"),
            // At the deadline itself: on time. Settled on 1 November in Shanghai, still 31 October in UTC.
            loan("C", "2026-11-01T00:00:00", "2026-11-02T00:00:00"),
            // Monday 00:30 in Shanghai (Sunday in UTC); never confirmed, deadline passed at NOW: late.
            loan("D", "2026-11-02T00:30:00", null),
            // Not confirmed, deadline still ahead at NOW: pending.
            loan("E", "2026-11-03T09:00:00", null),
            loan("F", "2026-11-03T10:00:00", "2026-11-03T11:00:00"));

    @Test
    void givenConfirmationAtTheDeadline_whenClassified_thenOnTimeAndOneSecondLaterLate() {
        assertThat(loans).extracting(LoanOutcome::outcome).containsExactly(SettlementNoticeOutcome.ON_TIME,
                SettlementNoticeOutcome.LATE, SettlementNoticeOutcome.ON_TIME, SettlementNoticeOutcome.LATE,
                SettlementNoticeOutcome.PENDING, SettlementNoticeOutcome.ON_TIME);
        assertThat(loans.get(1).deadline()).isEqualTo(shanghai("2026-11-01T23:59:59"));
    }

    @Test
    void givenUnconfirmedLoan_whenNowIsExactlyItsDeadline_thenStillPendingAndLateAfterIt() {
        SettledLoan loan = new SettledLoan("G", shanghai("2026-11-02T08:00:00"), null);

        assertThat(timeliness.classify(loan, shanghai("2026-11-03T08:00:00")).outcome())
                .isEqualTo(SettlementNoticeOutcome.PENDING);
        assertThat(timeliness.classify(loan, shanghai("2026-11-03T08:00:01")).outcome())
                .isEqualTo(SettlementNoticeOutcome.LATE);
    }

    @Test
    void givenKnownLoans_whenSummarized_thenPendingStaysOutOfTheRate() {
        assertThat(timeliness.summarize(FROM, TO, loans))
                .isEqualTo(new Timeliness(FROM, TO, 6, 3, 2, 1, new BigDecimal("0.6000")));
        assertThat(timeliness.summarize(FROM, TO, List.of()).rate()).isNull();
    }

    @Test
    void givenDays_whenGrouped_thenEveryDayOfTheRangeByTheShanghaiDate() {
        assertThat(timeliness.byPeriod(loans, FROM, TO, Granularity.DAY)).containsExactly(
                period("2026-10-29", "2026-10-29", 0, 0, 0, 0, null),
                period("2026-10-30", "2026-10-30", 0, 0, 0, 0, null),
                period("2026-10-31", "2026-10-31", 2, 1, 1, 0, "0.5000"),
                period("2026-11-01", "2026-11-01", 1, 1, 0, 0, "1.0000"),
                period("2026-11-02", "2026-11-02", 1, 0, 1, 0, "0.0000"),
                period("2026-11-03", "2026-11-03", 2, 1, 0, 1, "1.0000"));
    }

    @Test
    void givenWeeks_whenGrouped_thenMondayStartsAWeekInShanghaiAndTheEdgesAreCutToTheRange() {
        assertThat(timeliness.byPeriod(loans, FROM, TO, Granularity.WEEK)).containsExactly(
                period("2026-10-29", "2026-11-01", 3, 2, 1, 0, "0.6667"),
                period("2026-11-02", "2026-11-03", 3, 1, 1, 1, "0.5000"));
    }

    @Test
    void givenMonths_whenGrouped_thenTheFirstOfNovemberInShanghaiIsNovember() {
        assertThat(timeliness.byPeriod(loans, FROM, TO, Granularity.MONTH)).containsExactly(
                period("2026-10-29", "2026-10-31", 2, 1, 1, 0, "0.5000"),
                period("2026-11-01", "2026-11-03", 4, 2, 1, 1, "0.6667"));
    }

    @Test
    void givenConfirmedLoans_whenMeasuredFromPayoff_thenNearestRankMedianAndP95() {
        // Confirmed after 8 h, 24 h 0 min 1 s, 24 h and 1 h: sorted 1 h, 8 h, 24 h, 24 h 1 s.
        assertThat(timeliness.payoffToConfirmation(loans)).isEqualTo(new DurationSummary(4, 8 * 3600L, 86_401L));
    }

    @Test
    void givenKnownDurations_whenSummarized_thenNearestRankPercentiles() {
        List<Duration> minutes = IntStream.rangeClosed(1, 20).mapToObj(i -> Duration.ofMinutes(21 - i)).toList();

        // 20 down to 1 minute: ranks ⌈0.5 · 20⌉ = 10 and ⌈0.95 · 20⌉ = 19 of the sorted values.
        assertThat(DurationSummary.of(minutes)).isEqualTo(new DurationSummary(20, 600L, 1140L));
        assertThat(DurationSummary.of(List.of(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(20))))
                .isEqualTo(new DurationSummary(3, 20L, 30L));
        // An even count: the lower middle value, not an average that was never measured.
        assertThat(DurationSummary.of(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3),
                Duration.ofSeconds(4)))).isEqualTo(new DurationSummary(4, 2L, 4L));
        assertThat(DurationSummary.of(List.of(Duration.ofSeconds(7)))).isEqualTo(new DurationSummary(1, 7L, 7L));
        assertThat(DurationSummary.of(List.of())).isEqualTo(new DurationSummary(0, null, null));
    }

    @Test
    void givenNoticesOfSeveralEvents_whenTimed_thenPerEventFromRaisingToConfirmationOverTheConfirmedOnes() {
        Instant raised = shanghai("2026-11-02T10:00:00");
        List<ConfirmationTime.RaisedNotice> notices = List.of(
                new ConfirmationTime.RaisedNotice("LOAN_SETTLED", raised, raised.plusSeconds(600)),
                new ConfirmationTime.RaisedNotice("LOAN_SETTLED", raised, raised.plusSeconds(60)),
                new ConfirmationTime.RaisedNotice("LOAN_SETTLED", raised, null),
                new ConfirmationTime.RaisedNotice("REPAYMENT_RECEIVED", raised, raised.plusSeconds(5)),
                new ConfirmationTime.RaisedNotice("APPLICATION_RECEIVED", raised, null));

        assertThat(ConfirmationTime.byEvent(notices)).containsExactly(
                new ConfirmationTime("APPLICATION_RECEIVED", 1, 0, null, null),
                new ConfirmationTime("LOAN_SETTLED", 3, 2, 60L, 600L),
                new ConfirmationTime("REPAYMENT_RECEIVED", 1, 1, 5L, 5L));
    }

    @Test
    void givenAttempts_whenRated_thenDeliveredOverFinalOutcomesPerChannelAndPerProvider() {
        List<DeliveryRate.AttemptCount> counts = List.of(
                new DeliveryRate.AttemptCount("SMS", "aliyun-sms", AttemptStatus.DELIVERED, 8),
                new DeliveryRate.AttemptCount("SMS", "aliyun-sms", AttemptStatus.TEMPORARY_FAILURE, 1),
                new DeliveryRate.AttemptCount("SMS", "aliyun-sms", AttemptStatus.PERMANENT_FAILURE, 1),
                new DeliveryRate.AttemptCount("SMS", "twilio", AttemptStatus.DELIVERED, 1),
                new DeliveryRate.AttemptCount("SMS", "twilio", AttemptStatus.NO_RECEIPT, 1),
                new DeliveryRate.AttemptCount("SMS", "twilio", AttemptStatus.SENT, 2),
                new DeliveryRate.AttemptCount("EMAIL", "email", AttemptStatus.QUEUED, 1));

        assertThat(DeliveryRate.byChannel(counts)).containsExactly(
                new DeliveryRate("EMAIL", null, 1, 0, 0, 0, 0, 1, null),
                new DeliveryRate("SMS", null, 14, 9, 1, 1, 1, 2, new BigDecimal("0.7500")));
        assertThat(DeliveryRate.byProvider(counts)).containsExactly(
                new DeliveryRate("EMAIL", "email", 1, 0, 0, 0, 0, 1, null),
                new DeliveryRate("SMS", "aliyun-sms", 10, 8, 1, 1, 0, 0, new BigDecimal("0.8000")),
                new DeliveryRate("SMS", "twilio", 4, 1, 0, 0, 1, 2, new BigDecimal("0.5000")));
    }

    private LoanOutcome loan(String id, String settledAt, String confirmedAt) {
        return timeliness.classify(new SettledLoan(id, shanghai(settledAt),
                confirmedAt == null ? null : shanghai(confirmedAt)), NOW);
    }

    private static Timeliness period(String start, String end, int settled, int onTime, int late, int pending,
                                     String rate) {
        return new Timeliness(LocalDate.parse(start), LocalDate.parse(end), settled, onTime, late, pending,
                rate == null ? null : new BigDecimal(rate));
    }

    private static Instant shanghai(String localDateTime) {
        return OffsetDateTime.parse(localDateTime + "+08:00").toInstant();
    }
}
