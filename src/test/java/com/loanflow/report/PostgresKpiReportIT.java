package com.loanflow.report;

import com.loanflow.support.PostgresIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;

/** The KPI report on PostgreSQL, LoanFlow's production database. */
class PostgresKpiReportIT extends PostgresIntegrationTest implements KpiReportScenarios {

    @Autowired
    private KpiMetrics kpiMetrics;

    @Override
    public KpiMetrics kpiMetrics() {
        return kpiMetrics;
    }
}
