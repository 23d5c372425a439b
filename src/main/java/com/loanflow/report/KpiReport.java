package com.loanflow.report;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

/**
 * The KPIs over the days {@code from}–{@code to} (both inclusive, in the lender's zone) as
 * {@code GET /api/reports/kpi} answers them; the open escalations are those open at {@code generatedAt}.
 */
record KpiReport(LocalDate from, LocalDate to, Granularity granularity, ZoneId zone, Instant generatedAt,
                 SettlementNotices settlementNotices, List<ConfirmationTime> confirmationTimes, Delivery delivery,
                 List<OpenEscalation> openEscalations) {

    /**
     * The timeliness of {@code LOAN_SETTLED} over the whole range and per period, and the time from payoff to
     * confirmation of the loans confirmed so far (what the SLA measures).
     */
    record SettlementNotices(Duration sla, BigDecimal target, SettlementNoticeTimeliness.Timeliness total,
                             DurationSummary payoffToConfirmation, List<SettlementNoticeTimeliness.Timeliness> periods) {
    }

    record Delivery(List<DeliveryRate> byChannel, List<DeliveryRate> byProvider) {
    }
}
