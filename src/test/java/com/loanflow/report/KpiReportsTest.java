package com.loanflow.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.loanflow.web.ApiException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** The date range a KPI request asks for, in the lender's zone. */
class KpiReportsTest {

    // 23:30 on 5 November in Shanghai, still 5 November 15:30 in UTC; 00:30 on the 6th would be the 5th in UTC.
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-05T16:30:00Z"), ZoneId.of("Asia/Shanghai"));
    private final KpiReports reports = new KpiReports(null, null, null,
            new KpiSettings(Period.ofDays(30), Duration.ofMinutes(1), new BigDecimal("0.95")), clock);

    @Test
    void givenNoRange_whenResolved_thenTheLast30DaysEndingTodayInShanghai() {
        assertThat(reports.range(null, null))
                .isEqualTo(new KpiReports.DateRange(LocalDate.parse("2026-10-08"), LocalDate.parse("2026-11-06")));
    }

    @Test
    void givenOnlyAnEnd_whenResolved_thenTheWindowBeforeIt() {
        assertThat(reports.range(null, LocalDate.parse("2026-02-28")))
                .isEqualTo(new KpiReports.DateRange(LocalDate.parse("2026-01-30"), LocalDate.parse("2026-02-28")));
    }

    @Test
    void givenAYearAndADay_whenResolved_thenRefusedButAYearIsFine() {
        assertThat(reports.range(LocalDate.parse("2024-01-01"), LocalDate.parse("2024-12-31")).to())
                .isEqualTo(LocalDate.parse("2024-12-31"));
        assertThatThrownBy(() -> reports.range(LocalDate.parse("2024-01-01"), LocalDate.parse("2025-01-01")))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.field()).isEqualTo("to"));
    }

    @Test
    void givenStartAfterEnd_whenResolved_thenRefused() {
        assertThatThrownBy(() -> reports.range(LocalDate.parse("2026-11-02"), LocalDate.parse("2026-11-01")))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.field()).isEqualTo("from"));
    }
}
