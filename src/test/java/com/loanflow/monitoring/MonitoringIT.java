package com.loanflow.monitoring;

import static com.loanflow.support.StaffUsers.INTEGRATOR;
import static com.loanflow.support.StaffUsers.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.loanflow.notice.AttemptSender;
import com.loanflow.support.ApiClient;
import com.loanflow.support.LoanSteps;
import com.loanflow.support.PostgresIntegrationTest;
import com.loanflow.support.PrometheusScrape;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Monitoring as an operator meets it on the default sandbox: Prometheus's scrape counts a notice's attempt once per
 * outcome and carries the engine gauges; the provider health group answers apart from the node's own health; and
 * the log lines of a delivery name its loan, notice, attempt and process instance.
 */
class MonitoringIT extends PostgresIntegrationTest {

    private static final String ATTEMPTS = "loanflow_notice_attempts_total";

    @Autowired
    private EngineGauges gauges;

    private final ListAppender<ILoggingEvent> deliveryLog = new ListAppender<>();

    @BeforeEach
    void captureDeliveryLog() {
        deliveryLog.start();
        ((Logger) LoggerFactory.getLogger(AttemptSender.class)).addAppender(deliveryLog);
    }

    @AfterEach
    void releaseDeliveryLog() {
        ((Logger) LoggerFactory.getLogger(AttemptSender.class)).detachAppender(deliveryLog);
    }

    @Test
    void givenANoticeDeliveredByTheSandbox_whenScraped_thenSentAndDeliveredCountOnceAndItsLogLinesNameIt() {
        awaitEngineIdle();
        PrometheusScrape before = scrape();

        String loanId = new LoanSteps(api).apply("123");
        JsonNode notice = await().atMost(LoanSteps.PATIENCE).until(() -> received(loanId),
                n -> n != null && n.get("status").asText().equals("DELIVERED"));
        awaitEngineIdle();
        PrometheusScrape after = scrape();

        Map<String, String> wechat = Map.of("event", "APPLICATION_RECEIVED", "channel", "WECHAT",
                "provider", "sandbox");
        assertThat(increase(before, after, wechat, "sent")).isEqualTo(1);
        assertThat(increase(before, after, wechat, "delivered")).isEqualTo(1);
        assertThat(increase(before, after, Map.of("event", "APPLICATION_RECEIVED"), "temporary_failure")).isZero();
        assertThat(increase(before, after, Map.of("event", "APPLICATION_RECEIVED"), "no_receipt")).isZero();

        String noticeId = notice.get("noticeId").asText();
        String attemptId = notice.get("attempts").get(0).get("attemptId").asText();
        ILoggingEvent sent = deliveryLog.list.stream()
                .filter(line -> line.getFormattedMessage().startsWith("Notice " + noticeId + " attempt"))
                .findFirst().orElseThrow();
        assertThat(sent.getMDCPropertyMap())
                .containsEntry("loanId", loanId)
                .containsEntry("noticeId", noticeId)
                .containsEntry("attemptId", attemptId)
                .containsEntry("activityId", "Task_SendAttempt")
                .containsKey("processInstanceId");
    }

    @Test
    void givenTheEngineGaugesCounted_whenScraped_thenBacklogFailedJobsIncidentsAndOverdueTasksAreThere() {
        gauges.refresh();

        PrometheusScrape scrape = scrape();

        assertThat(scrape.find("loanflow_jobs_backlog", Map.of())).singleElement()
                .satisfies(sample -> assertThat(sample.value()).isNotNaN());
        assertThat(scrape.find("loanflow_jobs_failed", Map.of())).singleElement()
                .satisfies(sample -> assertThat(sample.value()).isNotNaN());
        assertThat(scrape.find("loanflow_incidents_open", Map.of()))
                .extracting(sample -> sample.labels().get("type"))
                .containsExactlyInAnyOrder("failedJob", "failedExternalTask", "ledgerBroken", "other");
        assertThat(scrape.find("loanflow_tasks_overdue", Map.of("task_key", "Task_ContactBorrower")))
                .singleElement().satisfies(sample -> assertThat(sample.value()).isNotNaN());
    }

    @Test
    void givenTheSandbox_whenHealthIsAsked_thenTheProvidersGroupShowsEachProviderAndTheNodeIsUp() {
        ApiClient.Response providers = api.get("/actuator/health/providers", ADMIN, ADMIN_PASSWORD);

        assertThat(providers.status()).as(providers.text()).isEqualTo(200);
        JsonNode each = providers.json().path("components").path("noticeProviders").path("components");
        assertThat(each.path("sandbox").path("status").asText()).isEqualTo("UP");
        assertThat(each.path("in-app").path("status").asText()).isEqualTo("UP");
        assertThat(api.get("/actuator/health", null, null).json().get("status").asText()).isEqualTo("UP");
        ApiClient.Response readiness = api.get("/actuator/health/readiness", ADMIN, ADMIN_PASSWORD);
        assertThat(readiness.status()).isEqualTo(200);
        assertThat(readiness.text()).doesNotContain("noticeProviders");
    }

    private static double increase(PrometheusScrape before, PrometheusScrape after, Map<String, String> labels,
                                   String outcome) {
        Map<String, String> matching = new HashMap<>(labels);
        matching.put("outcome", outcome);
        return after.increaseSince(before, ATTEMPTS, matching);
    }

    private JsonNode received(String loanId) {
        JsonNode notices = api.get("/api/loans/" + loanId + "/notices", INTEGRATOR, PASSWORD).json();
        return StreamSupport.stream(notices.spliterator(), false)
                .filter(n -> n.get("event").asText().equals("APPLICATION_RECEIVED"))
                .findFirst()
                .map(n -> api.get("/api/notices/" + n.get("noticeId").asText(), INTEGRATOR, PASSWORD).json())
                .orElse(null);
    }
}
