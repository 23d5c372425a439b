package com.loanflow.process;

import static com.loanflow.support.StaffUsers.INTEGRATOR;
import static com.loanflow.support.StaffUsers.PASSWORD;
import static com.loanflow.support.StaffUsers.RISK_OFFICER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.loanflow.support.ApiClient;
import com.loanflow.support.LoanSteps;
import com.loanflow.support.PostgresIntegrationTest;
import java.time.Duration;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.history.HistoricDecisionInstance;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.jobexecutor.historycleanup.BatchWindow;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * How long the engine keeps a loan's history, and that its cleanup leaves LoanFlow's own records alone: the staff
 * decisions (task_audit), the notices with their attempts, the loan.
 */
class HistoryRetentionIT extends PostgresIntegrationTest {

    /** loan-lifecycle's historyTimeToLive: five years after the loan ends, leap days included. */
    private static final int LOAN_HISTORY_DAYS = 1827;
    private static final ZoneOffset LENDER = ZoneOffset.ofHours(8);

    @Autowired
    private HistoryService historyService;

    @Autowired
    private ProcessEngine engine;

    private LoanSteps steps() {
        return new LoanSteps(api);
    }

    @Test
    void givenALoanRejectedByAnOfficer_whenItsProcessEnds_thenItsWholeHistoryIsRemovedFiveYearsLater() {
        String loanId = rejectedAfterReview();

        HistoricProcessInstance loan = awaitEnded(loanId);

        Date removal = loan.getRemovalTime();
        assertThat(removal.toInstant()).isEqualTo(loan.getEndTime().toInstant().atZone(ZoneId.systemDefault())
                .plusDays(LOAN_HISTORY_DAYS).toInstant());
        String root = loan.getId();
        assertThat(historyService.createHistoricProcessInstanceQuery().rootProcessInstanceId(root).list())
                .as("the lifecycle and each of its notices").hasSize(4)
                .allSatisfy(instance -> assertThat(instance.getRemovalTime()).isEqualTo(removal));
        assertThat(decisionsIn(root))
                .as("risk prescreen and the notices' channel plans").isNotEmpty()
                .allSatisfy(decision -> assertThat(decision.getRemovalTime()).isEqualTo(removal));
        assertThat(historyService.createUserOperationLogQuery().processInstanceId(root).userId(RISK_OFFICER)
                .operationType("Complete").list())
                .as("the officer's decision in the engine's user operation log").singleElement()
                .satisfies(entry -> assertThat(entry.getRemovalTime()).isEqualTo(removal));
    }

    @Test
    void givenALoanStillRunning_whenSomeOfItsNoticesHaveEnded_thenNoneOfItsHistoryHasARemovalTime() {
        String loanId = steps().apply("123");
        steps().awaitStatus(loanId, "AWAITING_SIGNATURE");
        String root = historyService.createHistoricProcessInstanceQuery().processInstanceBusinessKey(loanId)
                .processDefinitionKey(ProcessConstants.LOAN_LIFECYCLE).singleResult().getId();
        await().atMost(LoanSteps.PATIENCE).until(() ->
                historyService.createHistoricProcessInstanceQuery().superProcessInstanceId(root).finished().count() > 0);

        assertThat(historyService.createHistoricProcessInstanceQuery().rootProcessInstanceId(root).list())
                .allSatisfy(instance -> assertThat(instance.getRemovalTime()).isNull());
        assertThat(historyService.createHistoricActivityInstanceQuery().processInstanceId(root).list())
                .allSatisfy(activity -> assertThat(activity.getRemovalTime()).isNull());
    }

    @Test
    void givenALoansHistoryIsDue_whenTheCleanupRuns_thenTheEngineHistoryGoesAndLoanFlowsRecordsStay() {
        String loanId = rejectedAfterReview();
        String root = awaitEnded(loanId).getId();
        List<HistoricDecisionInstance> decisions = decisionsIn(root);
        // What the cleanup finds five years on, brought forward: the operator's batch operation that sets removal times.
        historyService.setRemovalTimeToHistoricProcessInstances()
                .absoluteRemovalTime(Date.from(ClockUtil.now().toInstant().minusSeconds(60)))
                .byIds(root).hierarchical().executeAsync();
        await().atMost(LoanSteps.PATIENCE).until(() -> historyService.createHistoricProcessInstanceQuery()
                .processInstanceId(root).singleResult().getRemovalTime().before(ClockUtil.now()));

        historyService.cleanUpHistoryAsync(true);

        await().atMost(LoanSteps.PATIENCE).until(() ->
                historyService.createHistoricProcessInstanceQuery().processInstanceBusinessKey(loanId).count() == 0);
        assertThat(decisions).isNotEmpty().allSatisfy(decision -> assertThat(historyService
                .createHistoricDecisionInstanceQuery().decisionInstanceId(decision.getId()).count()).isZero());
        assertThat(historyService.createUserOperationLogQuery().processInstanceId(root).count()).isZero();
        assertThat(jdbc.sql("select completed_by || ' ' || outcome from task_audit where loan_id = :loanId")
                .param("loanId", loanId).query(String.class).list())
                .as("who decided what, in LoanFlow's own table").containsExactly(RISK_OFFICER + " REJECT");
        assertThat(api.get("/api/loans/" + loanId + "/notices", INTEGRATOR, PASSWORD).json().findValuesAsText("event"))
                .containsExactlyInAnyOrder("APPLICATION_RECEIVED", "APPLICATION_UNDER_REVIEW", "APPLICATION_REJECTED");
        assertThat(steps().loan(loanId).get("status").asText()).isEqualTo("REJECTED");
        // Back on schedule: the next runs wait for the night's window.
        await().atMost(LoanSteps.PATIENCE).untilAsserted(this::cleanupJobsWaitForTheWindow);
    }

    @Test
    void givenTheConfiguredWindow_whenTheEngineRuns_thenTwoCleanupJobsWaitForOneToFiveAtNightLenderTime() {
        ProcessEngineConfigurationImpl configuration =
                (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
        BatchWindow window = configuration.getBatchWindowManager()
                .getNextBatchWindow(ClockUtil.getCurrentTime(), configuration);

        assertThat(LocalTime.ofInstant(window.getStart().toInstant(), LENDER)).isEqualTo(LocalTime.of(1, 0));
        assertThat(LocalTime.ofInstant(window.getEnd().toInstant(), LENDER)).isEqualTo(LocalTime.of(5, 0));
        assertThat(configuration.getHistoryRemovalTimeStrategy()).isEqualTo("end");
        assertThat(configuration.getHistoryCleanupStrategy()).isEqualTo("removalTimeBased");
        cleanupJobsWaitForTheWindow();
    }

    /** Each cleanup job is due in tonight's window (or, while it is open, the one running now). */
    private void cleanupJobsWaitForTheWindow() {
        ProcessEngineConfigurationImpl configuration =
                (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
        BatchWindow window = configuration.getBatchWindowManager()
                .getCurrentOrNextBatchWindow(ClockUtil.getCurrentTime(), configuration);
        List<Job> jobs = historyService.findHistoryCleanupJobs();
        assertThat(jobs).hasSize(2).allSatisfy(job -> assertThat(job.getDuedate())
                .isBetween(window.getStart(), window.getEnd()));
    }

    /** An application whose vehicle ownership is in doubt, rejected by a risk officer in Tasklist, told and read. */
    private String rejectedAfterReview() {
        String loanId = steps().apply("003");
        JsonNode task = steps().openTask(loanId, TaskKeys.REVIEW_APPLICATION);
        ApiClient.Response completed = api.post("/engine-rest/task/" + task.get("id").asText() + "/complete",
                Map.of("variables", Map.of("reviewDecision", Map.of("value", "REJECT"),
                        "reviewReason", Map.of("value", "VEHICLE_OWNERSHIP_DOUBT"))),
                RISK_OFFICER, PASSWORD);
        assertThat(completed.status()).as(completed.text()).isEqualTo(204);
        steps().awaitStatus(loanId, "REJECTED");
        // The rejection waits for the applicant's read acknowledgement before the loan's process ends.
        await().atMost(LoanSteps.PATIENCE).until(() -> noticeOf(loanId, "APPLICATION_REJECTED") != null);
        ApiClient.Response read = steps().read(loanId, noticeOf(loanId, "APPLICATION_REJECTED"),
                OffsetDateTime.now(LENDER).toString());
        assertThat(read.status()).as(read.text()).isEqualTo(200);
        return loanId;
    }

    private String noticeOf(String loanId, String event) {
        for (JsonNode notice : api.get("/api/loans/" + loanId + "/notices", INTEGRATOR, PASSWORD).json()) {
            if (notice.get("event").asText().equals(event)) {
                return notice.get("noticeId").asText();
            }
        }
        return null;
    }

    /** The decisions evaluated in the loan's process and its notices' processes. */
    private List<HistoricDecisionInstance> decisionsIn(String root) {
        return historyService.createHistoricProcessInstanceQuery().rootProcessInstanceId(root).list().stream()
                .flatMap(instance -> historyService.createHistoricDecisionInstanceQuery()
                        .processInstanceId(instance.getId()).list().stream())
                .toList();
    }

    private HistoricProcessInstance awaitEnded(String loanId) {
        await().atMost(LoanSteps.PATIENCE).pollInterval(Duration.ofMillis(250))
                .until(() -> lifecycle(loanId).getEndTime() != null);
        return lifecycle(loanId);
    }

    private HistoricProcessInstance lifecycle(String loanId) {
        return historyService.createHistoricProcessInstanceQuery().processInstanceBusinessKey(loanId)
                .processDefinitionKey(ProcessConstants.LOAN_LIFECYCLE).singleResult();
    }
}
