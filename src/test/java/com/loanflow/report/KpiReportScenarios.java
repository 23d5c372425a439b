package com.loanflow.report;

import static com.loanflow.support.IntegrationTest.ADMIN;
import static com.loanflow.support.IntegrationTest.ADMIN_PASSWORD;
import static com.loanflow.support.StaffUsers.PASSWORD;
import static com.loanflow.support.StaffUsers.SERVICING_MANAGER;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.loanflow.support.ApiClient;
import com.loanflow.support.PrometheusScrape;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The KPI report over HTTP, as a manager and Prometheus meet it, computed from the known loans of
 * {@link KpiFixtures} at the engine time {@link KpiFixtures#NOW}. Implemented once, run on PostgreSQL and on H2.
 */
interface KpiReportScenarios {

    String RANGE = "from=" + KpiFixtures.FROM + "&to=" + KpiFixtures.TO;

    ApiClient api();

    JdbcClient jdbc();

    KpiMetrics kpiMetrics();

    @BeforeEach
    default void knownLoansAtAKnownTime() {
        KpiFixtures.ensure(jdbc());
        ClockUtil.setCurrentTime(Date.from(KpiFixtures.NOW));
    }

    @AfterEach
    default void resetClock() {
        ClockUtil.reset();
    }

    @Test
    default void givenKnownLoans_whenReportedPerDay_thenTimelinessCountsOnlyStillSettledLoansAndLeavesPendingOut() {
        JsonNode report = kpi("/api/reports/kpi?" + RANGE + "&granularity=DAY");

        assertThat(report.get("zone").asText()).isEqualTo("Asia/Shanghai");
        JsonNode settlement = report.get("settlementNotices");
        assertThat(settlement.get("sla").asText()).isEqualTo("PT24H");
        assertThat(figures(settlement.get("total"))).isEqualTo("2021-03-01..2021-03-07 5 settled, 1/3/1, rate 0.2500");
        assertThat(settlement.get("periods")).extracting(KpiReportScenarios::figures).containsExactly(
                "2021-03-01..2021-03-01 1 settled, 1/0/0, rate 1.0000",
                "2021-03-02..2021-03-02 1 settled, 0/1/0, rate 0.0000",
                "2021-03-03..2021-03-03 1 settled, 0/1/0, rate 0.0000",
                "2021-03-04..2021-03-04 0 settled, 0/0/0, rate -",
                "2021-03-05..2021-03-05 1 settled, 0/1/0, rate 0.0000",
                "2021-03-06..2021-03-06 0 settled, 0/0/0, rate -",
                "2021-03-07..2021-03-07 1 settled, 0/0/1, rate -");
        // Payoff to confirmation of A, B, E: 2 h, 25 h, 26 h.
        JsonNode payoff = settlement.get("payoffToConfirmation");
        assertThat(List.of(payoff.get("count").asLong(), payoff.get("medianSeconds").asLong(),
                payoff.get("p95Seconds").asLong())).containsExactly(3L, 90_000L, 93_600L);
    }

    @Test
    default void givenKnownLoans_whenReportedPerWeek_thenOneWeekFromMondayToSunday() {
        ApiClient.Response response = api().get("/api/reports/kpi?" + RANGE + "&granularity=WEEK", SERVICING_MANAGER,
                PASSWORD);

        assertThat(response.status()).as(response.text()).isEqualTo(200);
        assertThat(response.json().get("settlementNotices").get("periods")).extracting(KpiReportScenarios::figures)
                .containsExactly("2021-03-01..2021-03-07 5 settled, 1/3/1, rate 0.2500");
        assertThat(response.text()).contains("\"rate\":0.2500");
    }

    @Test
    default void givenKnownNoticesAndAttempts_whenReported_thenConfirmationTimesAndDeliveryRates() {
        JsonNode report = kpi("/api/reports/kpi?" + RANGE);

        // Raised → confirmed of LOAN_SETTLED: 7195 s, 89995 s, 3600 s (D), 3600 s (E's first), 93595 s; C, F open.
        assertThat(report.get("confirmationTimes")).extracting(KpiReportScenarios::times).containsExactly(
                "LOAN_SETTLED 7 raised, 5 confirmed, median 7195 s, p95 93595 s",
                "REPAYMENT_RECEIVED 1 raised, 1 confirmed, median 30 s, p95 30 s");
        assertThat(report.get("delivery").get("byChannel")).extracting(KpiReportScenarios::delivery).containsExactly(
                "EMAIL 1 attempts, 0 delivered, rate 0.0000",
                "IN_APP 1 attempts, 0 delivered, rate -",
                "SMS 4 attempts, 2 delivered, rate 0.5000");
        assertThat(report.get("delivery").get("byProvider")).extracting(KpiReportScenarios::delivery).containsExactly(
                "EMAIL/kpi-mail 1 attempts, 0 delivered, rate 0.0000",
                "IN_APP/in-app 1 attempts, 0 delivered, rate -",
                "SMS/kpi-backup 1 attempts, 0 delivered, rate 0.0000",
                "SMS/kpi-sms 3 attempts, 2 delivered, rate 0.6667");
    }

    @Test
    default void givenOpenTasks_whenReported_thenOpenEscalationsPerEscalationKindAsTheEngineCountsThem() {
        JsonNode escalations = kpi("/api/reports/kpi?" + RANGE).get("openEscalations");

        Map<String, Long> reported = new LinkedHashMap<>();
        escalations.forEach(e -> reported.put(e.get("taskKey").asText(), e.get("open").asLong()));
        assertThat(reported.keySet()).containsExactlyElementsOf(Escalations.TASK_KEYS);
        reported.forEach((key, open) -> assertThat(open).as(key).isEqualTo(api().get(
                "/engine-rest/task/count?taskDefinitionKey=" + key, ADMIN, ADMIN_PASSWORD).json().get("count").asLong()));
    }

    @Test
    default void givenKnownLoans_whenDrillingDown_thenTheLoansBehindEachOutcome() {
        assertThat(loans("ON_TIME")).containsExactly(
                "LN-KPI-A settled 2021-03-01T02:00:00Z deadline 2021-03-02T02:00:00Z confirmed 2021-03-01T04:00:00Z");
        assertThat(loans("LATE")).containsExactly(
                "LN-KPI-B settled 2021-03-02T01:00:00Z deadline 2021-03-03T01:00:00Z confirmed 2021-03-03T02:00:00Z",
                "LN-KPI-C settled 2021-03-03T15:30:00Z deadline 2021-03-04T15:30:00Z confirmed -",
                "LN-KPI-E settled 2021-03-05T02:00:00Z deadline 2021-03-06T02:00:00Z confirmed 2021-03-06T04:00:00Z");
        assertThat(loans("PENDING")).containsExactly(
                "LN-KPI-F settled 2021-03-07T01:00:00Z deadline 2021-03-08T01:00:00Z confirmed -");
        JsonNode all = kpi("/api/reports/kpi/settlement-notices?" + RANGE);
        assertThat(all.get("loans").findValuesAsText("loanId"))
                .as("the reopened loan D is not settled any more")
                .containsExactly("LN-KPI-A", "LN-KPI-B", "LN-KPI-C", "LN-KPI-E", "LN-KPI-F");
        assertThat(all.get("loans").findValuesAsText("outcome"))
                .containsExactly("ON_TIME", "LATE", "LATE", "LATE", "PENDING");
    }

    @Test
    default void givenNoRange_whenReported_thenTheLast30DaysEndingTodayByTheEngineClock() {
        JsonNode report = kpi("/api/reports/kpi");

        assertThat(List.of(report.get("from").asText(), report.get("to").asText(), report.get("granularity").asText()))
                .containsExactly("2021-02-06", "2021-03-07", "DAY");
        assertThat(figures(report.get("settlementNotices").get("total")))
                .isEqualTo("2021-02-06..2021-03-07 5 settled, 1/3/1, rate 0.2500");
    }

    @Test
    default void givenKnownLoans_whenPrometheusScrapes_thenTheGaugesShowTheLast30Days() {
        kpiMetrics().refresh();

        ApiClient.Response scraped = api().get("/actuator/prometheus", SERVICING_MANAGER, PASSWORD);

        assertThat(scraped.status()).as(scraped.text()).isEqualTo(200);
        PrometheusScrape scrape = PrometheusScrape.parse(scraped.text());
        assertThat(sample(scrape, "loanflow_settlement_notice_timeliness_ratio", Map.of())).isEqualTo(0.25);
        assertThat(sample(scrape, "loanflow_settled_loans", Map.of())).isEqualTo(5);
        assertThat(sample(scrape, "loanflow_settlement_notice_loans", Map.of("outcome", "ON_TIME"))).isEqualTo(1);
        assertThat(sample(scrape, "loanflow_settlement_notice_loans", Map.of("outcome", "LATE"))).isEqualTo(3);
        assertThat(sample(scrape, "loanflow_settlement_notice_loans", Map.of("outcome", "PENDING"))).isEqualTo(1);
        assertThat(sample(scrape, "loanflow_settlement_notice_confirmation_p95_seconds", Map.of())).isEqualTo(93_600);
        assertThat(sample(scrape, "loanflow_notice_delivery_ratio", Map.of("channel", "SMS"))).isEqualTo(0.5);
        assertThat(sample(scrape, "loanflow_notice_provider_delivery_ratio",
                Map.of("channel", "SMS", "provider", "kpi-sms"))).isEqualTo(0.6667);
        assertThat(sample(scrape, "loanflow_notice_confirmation_median_seconds", Map.of("event", "LOAN_SETTLED")))
                .isEqualTo(7195);
        assertThat(scrape.find("loanflow_escalations_open", Map.of("task", "Task_SettlementNoticeOverdue"))).hasSize(1);
        assertThat(scrape.find("loanflow_escalations_overdue", Map.of("task", "Task_ContactBorrower"))).hasSize(1);
    }

    @Test
    default void givenStaffMember_whenOpeningTheKpiPage_thenHtmlThatDrawsFromTheApi() {
        ApiClient.Response page = api().get("/reports/kpi", SERVICING_MANAGER, PASSWORD);

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.text()).contains("createElementNS(SVG", "fetch(", "/api/reports/kpi", "credentials: 'same-origin'")
                .as("self-contained: nothing loaded from elsewhere").doesNotContain("<script src", "<link");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/reports/kpi", "/api/reports/kpi", "/api/reports/kpi/settlement-notices"})
    default void givenNoLogin_whenAskingForKpis_thenBasicChallenge(String path) {
        ApiClient.Response response = api().get(path, null, null);

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.headers().getFirst("WWW-Authenticate")).startsWith("Basic");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/reports/kpi?from=2021-02-30", "/api/reports/kpi?to=07.03.2021",
            "/api/reports/kpi?from=2021-03-08&to=2021-03-07", "/api/reports/kpi?from=2020-03-06&to=2021-03-07",
            "/api/reports/kpi?granularity=YEAR", "/api/reports/kpi/settlement-notices?outcome=MAYBE",
            "/api/reports/kpi/settlement-notices?from=2021-03-08&to=2021-03-07"})
    default void givenBadParameters_whenAskingForKpis_thenValidationProblemAndNoFigures(String path) {
        ApiClient.Response response = api().get(path, SERVICING_MANAGER, PASSWORD);

        assertThat(response.status()).as(response.text()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("type").asText()).isEqualTo("urn:loanflow:problem:validation-failed");
        assertThat(response.json().has("settlementNotices")).isFalse();
        assertThat(response.json().has("loans")).isFalse();
    }

    private JsonNode kpi(String path) {
        ApiClient.Response response = api().get(path, SERVICING_MANAGER, PASSWORD);
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        return response.json();
    }

    private List<String> loans(String outcome) {
        List<String> loans = new ArrayList<>();
        kpi("/api/reports/kpi/settlement-notices?" + RANGE + "&outcome=" + outcome).get("loans").forEach(loan ->
                loans.add(loan.get("loanId").asText() + " settled " + loan.get("settledAt").asText() + " deadline "
                        + loan.get("deadline").asText() + " confirmed " + text(loan.get("confirmedAt"))));
        return loans;
    }

    private static String figures(JsonNode t) {
        return t.get("start").asText() + ".." + t.get("end").asText() + " " + t.get("settled").asInt() + " settled, "
                + t.get("onTime").asInt() + "/" + t.get("late").asInt() + "/" + t.get("pending").asInt() + ", rate "
                + rate(t.get("rate"));
    }

    private static String times(JsonNode t) {
        return t.get("event").asText() + " " + t.get("raised").asInt() + " raised, " + t.get("confirmed").asInt()
                + " confirmed, median " + text(t.get("medianSeconds")) + " s, p95 " + text(t.get("p95Seconds")) + " s";
    }

    private static String delivery(JsonNode d) {
        return d.get("channel").asText() + (d.has("provider") ? "/" + d.get("provider").asText() : "") + " "
                + d.get("attempts").asLong() + " attempts, " + d.get("delivered").asLong() + " delivered, rate "
                + rate(d.get("rate"));
    }

    /** The test's JSON reader takes numbers as doubles; the API writes rates with four decimals. */
    private static String rate(JsonNode value) {
        return value == null || value.isNull() ? "-" : new BigDecimal(value.asText()).setScale(4).toPlainString();
    }

    private static String text(JsonNode value) {
        return value == null || value.isNull() ? "-" : value.asText();
    }

    /** The value of one series in Prometheus' text format. */
    private static double sample(PrometheusScrape scrape, String name, Map<String, String> labels) {
        return scrape.find(name, labels).stream().findFirst().map(PrometheusScrape.Sample::value)
                .orElseThrow(() -> new AssertionError(name + labels + " not in the scrape"));
    }
}
