package com.loanflow.report;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collector;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The KPIs as gauges on {@code /actuator/prometheus}, over the report's default window (the last
 * {@code loanflow.report.kpi.window} days, today included), so the gauges and the page opened without a range show the
 * same figures. A scrape reads figures computed at most {@code metrics-refresh} ago: the database is asked at most
 * that often however many scrapers there are, and not at all while nobody scrapes. Per-channel, per-provider and
 * per-event series appear once there is data for them.
 */
@Component
class KpiMetrics implements MeterBinder {

    private static final Logger log = LoggerFactory.getLogger(KpiMetrics.class);

    private final KpiReports reports;
    private final long refreshNanos;
    private final List<Consumer<KpiReport>> seriesUpdates = new ArrayList<>();

    private volatile KpiReport latest;
    private long refreshedAt;

    KpiMetrics(KpiReports reports, KpiSettings settings) {
        this.reports = reports;
        this.refreshNanos = settings.metricsRefresh().toNanos();
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        gauge(registry, "loanflow.settlement.notice.timeliness", "ratio", Tags.empty(),
                "Settled loans whose LOAN_SETTLED notice was confirmed within the SLA / decided settled loans",
                r -> ratio(r.settlementNotices().total().rate()));
        gauge(registry, "loanflow.settled.loans", null, Tags.empty(), "Loans settled in the window and still settled",
                r -> r.settlementNotices().total().settled());
        for (SettlementNoticeOutcome outcome : SettlementNoticeOutcome.values()) {
            gauge(registry, "loanflow.settlement.notice.loans", null, Tags.of("outcome", outcome.name()),
                    "Loans settled in the window by where their LOAN_SETTLED notice stands against the SLA",
                    r -> count(r.settlementNotices().total(), outcome));
        }
        gauge(registry, "loanflow.settlement.notice.confirmation.median", "seconds", Tags.empty(),
                "Median time from payoff to the confirmation of LOAN_SETTLED",
                r -> seconds(r.settlementNotices().payoffToConfirmation().medianSeconds()));
        gauge(registry, "loanflow.settlement.notice.confirmation.p95", "seconds", Tags.empty(),
                "95th percentile of the time from payoff to the confirmation of LOAN_SETTLED",
                r -> seconds(r.settlementNotices().payoffToConfirmation().p95Seconds()));
        for (String taskKey : Escalations.TASK_KEYS) {
            gauge(registry, "loanflow.escalations.open", null, Tags.of("task", taskKey),
                    "Open escalation tasks", r -> escalation(r, taskKey).open());
            gauge(registry, "loanflow.escalations.overdue", null, Tags.of("task", taskKey),
                    "Open escalation tasks past their due date", r -> escalation(r, taskKey).overdue());
        }
        series(registry, "loanflow.notice.delivery", "ratio",
                "Delivered attempts / attempts with a final outcome, per channel", r -> r.delivery().byChannel().stream()
                        .collect(toMap(d -> Tags.of("channel", d.channel()), d -> ratio(d.rate()))));
        series(registry, "loanflow.notice.provider.delivery", "ratio",
                "Delivered attempts / attempts with a final outcome, per channel and provider",
                r -> r.delivery().byProvider().stream().collect(toMap(
                        d -> Tags.of("channel", d.channel(), "provider", d.provider()), d -> ratio(d.rate()))));
        series(registry, "loanflow.notice.confirmation.median", "seconds",
                "Median time from raising a notice to its confirmation, per event",
                r -> r.confirmationTimes().stream().collect(toMap(
                        t -> Tags.of("event", t.event()), t -> seconds(t.medianSeconds()))));
        series(registry, "loanflow.notice.confirmation.p95", "seconds",
                "95th percentile of the time from raising a notice to its confirmation, per event",
                r -> r.confirmationTimes().stream().collect(toMap(
                        t -> Tags.of("event", t.event()), t -> seconds(t.p95Seconds()))));
    }

    /** Computes the figures now, whatever their age. */
    synchronized void refresh() {
        try {
            KpiReport report = reports.report(reports.defaultRange(), Granularity.MONTH);
            latest = report;
            seriesUpdates.forEach(update -> update.accept(report));
        } catch (RuntimeException e) {
            // The gauges keep their last figures (NaN before the first) rather than failing the whole scrape.
            log.warn("KPI figures could not be computed; the gauges keep their previous values", e);
        }
        refreshedAt = System.nanoTime();
    }

    private KpiReport current() {
        synchronized (this) {
            if (latest == null || System.nanoTime() - refreshedAt >= refreshNanos) {
                refresh();
            }
        }
        return latest;
    }

    private void gauge(MeterRegistry registry, String name, String unit, Tags tags, String description,
                       ToDoubleFunction<KpiReport> value) {
        Gauge.builder(name, this, metrics -> metrics.value(value))
                .tags(tags)
                .baseUnit(unit)
                .description(description)
                .register(registry);
    }

    /** A gauge whose series (tag sets) follow the data: added when they appear, removed when they drop out. */
    private void series(MeterRegistry registry, String name, String unit, String description,
                        Function<KpiReport, Map<Tags, Double>> values) {
        MultiGauge gauge = MultiGauge.builder(name).baseUnit(unit).description(description).register(registry);
        seriesUpdates.add(report -> gauge.register(values.apply(report).keySet().stream()
                .map(tags -> MultiGauge.Row.of(tags, this,
                        metrics -> metrics.value(r -> values.apply(r).getOrDefault(tags, Double.NaN))))
                .toList(), false));
    }

    private double value(ToDoubleFunction<KpiReport> value) {
        KpiReport report = current();
        return report == null ? Double.NaN : value.applyAsDouble(report);
    }

    private static OpenEscalation escalation(KpiReport report, String taskKey) {
        return report.openEscalations().stream().filter(e -> e.taskKey().equals(taskKey)).findFirst()
                .orElse(new OpenEscalation(taskKey, 0, 0));
    }

    private static double count(SettlementNoticeTimeliness.Timeliness total, SettlementNoticeOutcome outcome) {
        return switch (outcome) {
            case ON_TIME -> total.onTime();
            case LATE -> total.late();
            case PENDING -> total.pending();
        };
    }

    private static double ratio(BigDecimal rate) {
        return rate == null ? Double.NaN : rate.doubleValue();
    }

    private static double seconds(Long seconds) {
        return seconds == null ? Double.NaN : seconds;
    }

    private static <T> Collector<T, ?, Map<Tags, Double>> toMap(Function<T, Tags> tags, ToDoubleFunction<T> value) {
        return Collectors.toMap(tags, value::applyAsDouble, (a, b) -> b, LinkedHashMap::new);
    }
}
