package com.loanflow.report;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Period;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The KPI report ({@code loanflow.report.kpi.*}). The SLA itself is the lifecycle's
 * ({@code loanflow.process.settlement.notice-sla}), so the report and the escalation timer cannot disagree.
 *
 * @param window          the days the report covers when no range is given, ending today; the gauges on
 *                        {@code /actuator/prometheus} cover the same days
 * @param metricsRefresh  how long the gauges serve the figures they computed before they ask the database again
 * @param timelinessTarget the timeliness rate management aims for, drawn as the target line on the KPI page
 */
@Validated
@ConfigurationProperties("loanflow.report.kpi")
record KpiSettings(
        @DefaultValue("P30D") @NotNull Period window,
        @DefaultValue("PT1M") @NotNull Duration metricsRefresh,
        @DefaultValue("0.95") @NotNull @DecimalMin("0") @DecimalMax("1") BigDecimal timelinessTarget) {
}
