package com.loanflow.report;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The KPI report for managers: JSON, the drill-down behind the timeliness rate, and a page with charts of both. */
@RestController
class KpiController {

    private static final Resource PAGE = new ClassPathResource("reports/kpi.html");
    private static final MediaType HTML = new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8);

    private final KpiReports reports;

    KpiController(KpiReports reports) {
        this.reports = reports;
    }

    record SettlementNoticeList(LocalDate from, LocalDate to, Duration sla, SettlementNoticeOutcome outcome,
                                List<SettlementNoticeTimeliness.LoanOutcome> loans) {
    }

    @GetMapping("/api/reports/kpi")
    KpiReport kpi(@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                  @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                  @RequestParam(defaultValue = "DAY") Granularity granularity) {
        return reports.report(reports.range(from, to), granularity);
    }

    /** Which settled loans were on time, late or are pending: the loans behind the timeliness figures. */
    @GetMapping("/api/reports/kpi/settlement-notices")
    SettlementNoticeList settlementNotices(
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
            @RequestParam(required = false) SettlementNoticeOutcome outcome) {
        KpiReports.DateRange range = reports.range(from, to);
        return new SettlementNoticeList(range.from(), range.to(), reports.sla(), outcome,
                reports.settlementNotices(range, outcome));
    }

    /** Self-contained (no CDN): it draws its charts from {@code /api/reports/kpi} with the browser's login. */
    @GetMapping("/reports/kpi")
    ResponseEntity<Resource> page() {
        return ResponseEntity.ok().contentType(HTML).body(PAGE);
    }
}
