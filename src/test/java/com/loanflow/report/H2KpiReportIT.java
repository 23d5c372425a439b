package com.loanflow.report;

import com.loanflow.support.H2IntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;

/** The KPI report on H2, the database of {@code spring-boot:run}: the same SQL has to run there too. */
class H2KpiReportIT extends H2IntegrationTest implements KpiReportScenarios {

    @Autowired
    private KpiMetrics kpiMetrics;

    @Override
    public KpiMetrics kpiMetrics() {
        return kpiMetrics;
    }
}
