package com.loanflow.settlement;

import static com.loanflow.support.IntegrationTest.ADMIN;
import static com.loanflow.support.StaffUsers.INTEGRATOR;
import static com.loanflow.support.StaffUsers.PASSWORD;
import static com.loanflow.support.StaffUsers.SERVICING_MANAGER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.loanflow.support.ApiClient;
import com.loanflow.support.LoanSteps;
import com.loanflow.support.PostgresIntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.Map;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What the settlement path does when something is wrong, on PostgreSQL with the job executor running: a ledger
 * edited behind LoanFlow's back stops the certificate and goes to the servicing managers, and a settlement notice
 * the borrower has not confirmed within the SLA is escalated by the lifecycle's timer.
 */
class SettlementEscalationIT extends PostgresIntegrationTest {

    @Autowired
    PlatformTransactionManager transactionManager;

    @AfterEach
    void resetClock() {
        ClockUtil.reset();
    }

    @Test
    void givenLedgerEditedBeforePayoff_whenLoanIsPaidOff_thenNoCertificateAnIncidentAndAManagersTaskUntilItVerifies() {
        String loanId = steps().activeLoan();
        editLedgerEntry(loanId, 1, "+ 1");

        payOff(loanId);

        JsonNode task = steps().openTask(loanId, "Task_InvestigateLedger");
        assertThat(candidateGroups(task)).containsExactly("servicing-managers");
        JsonNode incident = ledgerIncident(loanId);
        assertThat(incident.get("incidentMessage").asText()).contains(loanId, "entry 1");
        assertThat(incident.get("activityId").asText()).isEqualTo("Task_VerifyLedger");
        assertThat(certificate(loanId).status()).isEqualTo(409);
        JsonNode shown = api.get("/engine-rest/task/" + task.get("id").asText() + "/form-variables",
                SERVICING_MANAGER, PASSWORD).json();
        assertThat(shown.get("ledgerBrokenAt").get("value").asInt()).isEqualTo(1);

        editLedgerEntry(loanId, 1, "- 1");
        ApiClient.Response submitted = api.post("/engine-rest/task/" + task.get("id").asText() + "/submit-form",
                Map.of("variables", Map.of(
                        "ledgerFinding", Map.of("value", "RESTORED_FROM_RECORDS"),
                        "ledgerInvestigationNotes", Map.of("value", "Disbursement amount restored from the payout file"))),
                SERVICING_MANAGER, PASSWORD);

        assertThat(submitted.status()).as(submitted.text()).isEqualTo(204);
        steps().awaitSettlementCertificate(loanId);
        assertThat(api.get("/engine-rest/incident?incidentType=ledgerBroken&processInstanceId="
                + task.get("processInstanceId").asText(), ADMIN, ADMIN_PASSWORD).json()).isEmpty();
        assertThat(jdbc.sql("select completed_by || '/' || outcome from task_audit where loan_id = :loanId")
                .param("loanId", loanId).query(String.class).list())
                .containsExactly(SERVICING_MANAGER + "/RESTORED_FROM_RECORDS");
        assertThat(ledger(loanId).get("valid").asBoolean()).isTrue();
    }

    @Test
    void givenSettlementNoticeUnread_whenTheSlaPasses_thenTheTimerGivesServicingManagersATaskAndDeliveryGoesOn() {
        String loanId = steps().activeLoan();
        payOff(loanId);
        steps().awaitSettlementCertificate(loanId);
        awaitEngineIdle();
        assertThat(openTasks(loanId, "Task_SettlementNoticeOverdue")).isEmpty();

        Instant paidOff = Instant.parse(steps().loan(loanId).get("settledAt").asText());
        ClockUtil.setCurrentTime(Date.from(paidOff.plus(Duration.ofHours(24)).plusSeconds(1)));

        JsonNode task = steps().openTask(loanId, "Task_SettlementNoticeOverdue");
        assertThat(candidateGroups(task)).containsExactly("servicing-managers");
        JsonNode shown = api.get("/engine-rest/task/" + task.get("id").asText() + "/form-variables",
                SERVICING_MANAGER, PASSWORD).json();
        assertThat(shown.get("settlementNoticeStatus").get("value").asText()).isEqualTo("DELIVERED");
        assertThat(shown.get("slaDeadline").get("value").asText()).isNotBlank();
        String noticeId = settledNoticeId(loanId);
        assertThat(api.get("/api/notices/" + noticeId, INTEGRATOR, PASSWORD).json().hasNonNull("confirmedAt"))
                .as("delivered but not read: not confirmed").isFalse();
        assertThat(SettlementJourneyIT.kpiOutcome(api, loanId)).isEqualTo("LATE");

        ApiClient.Response read = steps().read(loanId, noticeId,
                ClockUtil.getCurrentTime().toInstant().atOffset(ZoneOffset.ofHours(8)).toString());
        assertThat(read.status()).as(read.text()).isEqualTo(200);
        ApiClient.Response submitted = api.post("/engine-rest/task/" + task.get("id").asText() + "/submit-form",
                Map.of("variables", Map.of("slaFollowUpOutcome", Map.of("value", "BORROWER_INFORMED"))),
                SERVICING_MANAGER, PASSWORD);

        assertThat(submitted.status()).as(submitted.text()).isEqualTo(204);
        assertThat(openTasks(loanId, "Task_SettlementNoticeOverdue")).isEmpty();
        await().atMost(LoanSteps.PATIENCE).untilAsserted(() -> assertThat(
                api.get("/api/notices/" + noticeId, INTEGRATOR, PASSWORD).json().get("status").asText())
                .isEqualTo("READ"));
        assertThat(SettlementJourneyIT.kpiOutcome(api, loanId)).as("confirmed after the SLA").isEqualTo("LATE");
    }

    private LoanSteps steps() {
        return new LoanSteps(api);
    }

    private void payOff(String loanId) {
        JsonNode quote = api.get("/api/loans/" + loanId + "/payoff-quote", INTEGRATOR, PASSWORD).json();
        steps().repay(loanId, quote.get("total").decimalValue());
    }

    /** As a database superuser would: LoanFlow's own connection may only append to the ledger. */
    private void editLedgerEntry(String loanId, int sequence, String change) {
        new TransactionTemplate(transactionManager).executeWithoutResult(status -> {
            jdbc.sql("set local session_replication_role = replica").update();
            jdbc.sql("update ledger_entry set amount = amount " + change + " where loan_id = :loanId and sequence = :sequence")
                    .param("loanId", loanId)
                    .param("sequence", sequence)
                    .update();
        });
    }

    private JsonNode ledgerIncident(String loanId) {
        JsonNode[] found = new JsonNode[1];
        await().atMost(LoanSteps.PATIENCE).until(() -> {
            JsonNode incidents = api.get("/engine-rest/incident?incidentType=ledgerBroken&configuration=" + loanId,
                    ADMIN, ADMIN_PASSWORD).json();
            found[0] = incidents.size() == 1 ? incidents.get(0) : null;
            return found[0] != null;
        });
        return found[0];
    }

    private JsonNode ledger(String loanId) {
        return api.get("/api/loans/" + loanId + "/ledger", INTEGRATOR, PASSWORD).json();
    }

    private ApiClient.BinaryResponse certificate(String loanId) {
        return api.getBytes("/api/loans/" + loanId + "/settlement-certificate", INTEGRATOR, PASSWORD);
    }

    private java.util.List<String> candidateGroups(JsonNode task) {
        return api.get("/engine-rest/task/" + task.get("id").asText() + "/identity-links?type=candidate", ADMIN,
                ADMIN_PASSWORD).json().findValuesAsText("groupId");
    }

    private JsonNode openTasks(String loanId, String key) {
        return api.get("/engine-rest/task?processInstanceBusinessKey=" + loanId + "&taskDefinitionKey=" + key, ADMIN,
                ADMIN_PASSWORD).json();
    }

    private String settledNoticeId(String loanId) {
        for (JsonNode notice : api.get("/api/loans/" + loanId + "/notices", INTEGRATOR, PASSWORD).json()) {
            if (notice.get("event").asText().equals("LOAN_SETTLED")) {
                return notice.get("noticeId").asText();
            }
        }
        throw new AssertionError("no LOAN_SETTLED notice for " + loanId);
    }
}
