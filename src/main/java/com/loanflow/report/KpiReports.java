package com.loanflow.report;

import com.loanflow.settlement.SettlementSla;
import com.loanflow.web.ApiException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * Computes the KPIs for a range of days in the lender's zone, as of the engine's clock (so that a test or an
 * operator who moves the engine time sees the same deadlines as the lifecycle's SLA timer).
 */
@Service
class KpiReports {

    /** A year of daily bars is the most a chart shows legibly, and it bounds the rows a request reads. */
    static final int MAX_DAYS = 366;

    private final KpiRepository repository;
    private final Escalations escalations;
    private final SettlementSla settlementSla;
    private final KpiSettings settings;
    private final Clock clock;

    KpiReports(KpiRepository repository, Escalations escalations, SettlementSla settlementSla, KpiSettings settings,
               Clock clock) {
        this.repository = repository;
        this.escalations = escalations;
        this.settlementSla = settlementSla;
        this.settings = settings;
        this.clock = clock;
    }

    /** Days {@code from}–{@code to}, both inclusive. */
    record DateRange(LocalDate from, LocalDate to) {
    }

    /**
     * The range a request asks for: a missing end is today, a missing start is the configured window before the
     * end. A start after the end, or more than {@link #MAX_DAYS} days, is refused.
     */
    DateRange range(LocalDate from, LocalDate to) {
        LocalDate end = to != null ? to : LocalDate.now(clock);
        LocalDate start = from != null ? from : end.minus(settings.window()).plusDays(1);
        if (start.isAfter(end)) {
            throw ApiException.invalid("from", "must not be after to (" + end + ")");
        }
        if (ChronoUnit.DAYS.between(start, end) + 1 > MAX_DAYS) {
            throw ApiException.invalid("to", "must be at most " + MAX_DAYS + " days from from, both included");
        }
        return new DateRange(start, end);
    }

    /** The configured window ending today: what the page opens with and what the gauges show. */
    DateRange defaultRange() {
        return range(null, null);
    }

    KpiReport report(DateRange range, Granularity granularity) {
        Instant now = clock.instant();
        Instant start = startOf(range.from());
        Instant end = startOf(range.to().plusDays(1));
        SettlementNoticeTimeliness timeliness = timeliness();
        List<SettlementNoticeTimeliness.LoanOutcome> loans = classified(timeliness, start, end, now);
        KpiReport.SettlementNotices settlementNotices = new KpiReport.SettlementNotices(sla(),
                settings.timelinessTarget(), timeliness.summarize(range.from(), range.to(), loans),
                timeliness.payoffToConfirmation(loans), timeliness.byPeriod(loans, range.from(), range.to(), granularity));
        List<DeliveryRate.AttemptCount> attempts = repository.attemptCounts(start, end);
        return new KpiReport(range.from(), range.to(), granularity, zone(), now, settlementNotices,
                ConfirmationTime.byEvent(repository.notices(start, end)),
                new KpiReport.Delivery(DeliveryRate.byChannel(attempts), DeliveryRate.byProvider(attempts)),
                escalations.open(now));
    }

    /** The loans settled in the range with their deadline and outcome; all of them when {@code outcome} is null. */
    List<SettlementNoticeTimeliness.LoanOutcome> settlementNotices(DateRange range, SettlementNoticeOutcome outcome) {
        return classified(timeliness(), startOf(range.from()), startOf(range.to().plusDays(1)), clock.instant())
                .stream()
                .filter(loan -> outcome == null || loan.outcome() == outcome)
                .toList();
    }

    /** The SLA the lifecycle's timer escalates on, so a loan the KPI counts late is one the managers were given. */
    Duration sla() {
        return settlementSla.noticeSla();
    }

    private List<SettlementNoticeTimeliness.LoanOutcome> classified(SettlementNoticeTimeliness timeliness,
            Instant start, Instant end, Instant now) {
        return repository.settledLoans(start, end).stream().map(loan -> timeliness.classify(loan, now)).toList();
    }

    private SettlementNoticeTimeliness timeliness() {
        return new SettlementNoticeTimeliness(sla(), zone());
    }

    private ZoneId zone() {
        return clock.getZone();
    }

    private Instant startOf(LocalDate day) {
        return day.atStartOfDay(zone()).toInstant();
    }
}
