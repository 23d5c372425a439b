package com.loanflow.settlement;

import static com.loanflow.support.IntegrationTest.ADMIN;
import static com.loanflow.support.IntegrationTest.ADMIN_PASSWORD;
import static com.loanflow.support.StaffUsers.CUSTOMER_SERVICE;
import static com.loanflow.support.StaffUsers.INTEGRATOR;
import static com.loanflow.support.StaffUsers.PASSWORD;
import static com.loanflow.support.StaffUsers.SERVICING;
import static com.loanflow.support.StaffUsers.SERVICING_MANAGER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.loanflow.support.ApiClient;
import com.loanflow.support.LoanSteps;
import com.loanflow.support.Pdfs;
import com.loanflow.support.PostgresIntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Settlement as a borrower app and the repayment system see it, through the HTTP API alone on PostgreSQL: an early
 * payoff that the borrower confirms reading, a payoff whose bank transfer bounces after the loan was settled, and the
 * lien release and follow-up call that close a loan.
 */
class SettlementJourneyIT extends PostgresIntegrationTest {

    private static final ZoneOffset CHINA = ZoneOffset.ofHours(8);

    @AfterEach
    void resetClock() {
        ClockUtil.reset();
    }

    @Test
    void givenActiveLoan_whenPaidOffEarlyAndTheBorrowerReadsTheNotice_thenSettledCertifiedAndConfirmed() {
        String loanId = steps().activeLoan();

        JsonNode payoff = payOff(loanId);

        assertThat(payoff.get("earlyPayoff").asBoolean()).isTrue();
        JsonNode loan = steps().loan(loanId);
        assertThat(loan.get("status").asText()).isEqualTo("SETTLED");
        JsonNode ledger = ledger(loanId);
        assertThat(ledger.get("valid").asBoolean()).isTrue();
        assertThat(Pdfs.text(steps().awaitSettlementCertificate(loanId).body()))
                .contains("张伟", loan.get("vehicle").get("vin").asText(), ledger.get("finalHash").asText());

        String noticeId = awaitNoticeStatus(loanId, "LOAN_SETTLED", "DELIVERED").get("noticeId").asText();
        assertThat(notice(noticeId).hasNonNull("confirmedAt")).as("delivered, not yet read").isFalse();
        String readAt = OffsetDateTime.now(CHINA).toString();
        ApiClient.Response read = steps().read(loanId, noticeId, readAt);

        assertThat(read.status()).as(read.text()).isEqualTo(200);
        await().atMost(LoanSteps.PATIENCE).untilAsserted(() -> {
            JsonNode confirmed = notice(noticeId);
            assertThat(confirmed.get("status").asText()).isEqualTo("READ");
            assertThat(confirmed.hasNonNull("confirmedAt")).isTrue();
        });
        // The borrower opens the certificate link from their app in a browser: no login, the token is in the link.
        String link = api.post("/api/loans/" + loanId + "/borrower-tokens", null, INTEGRATOR, PASSWORD).json()
                .get("links").get("certificate").asText();
        ApiClient.BinaryResponse certificate = api.getBytes(link, null, null);
        assertThat(certificate.status()).isEqualTo(200);
        assertThat(Pdfs.text(certificate.body())).contains("张伟", ledger.get("finalHash").asText());
        assertThat(kpiOutcome(api, loanId)).as("the timeliness KPI counts it").isEqualTo("ON_TIME");
    }

    @Test
    void givenOverpaidPayoff_whenTheRefundIsStillWithStaff_thenTheBorrowerIsToldItIsSettledAndWhereTheCertificateIs() {
        String loanId = steps().activeLoan();
        JsonNode quote = api.get("/api/loans/" + loanId + "/payoff-quote", INTEGRATOR, PASSWORD).json();

        steps().repay(loanId, quote.get("total").decimalValue().add(new java.math.BigDecimal("150.00")));

        JsonNode refund = steps().openTask(loanId, "Task_RefundOverpayment");
        awaitNoticeStatus(loanId, "LOAN_SETTLED", "DELIVERED");
        String told = steps().notice(loanId, "LOAN_SETTLED").get("body").asText();
        assertThat(told).contains(loanId, "结清证明", "App");
        assertThat(steps().openTask(loanId, "Task_RefundOverpayment").get("id").asText())
                .as("the refund is still open").isEqualTo(refund.get("id").asText());
        assertThat(api.getBytes("/api/loans/" + loanId + "/settlement-certificate", INTEGRATOR, PASSWORD).status())
                .as("no certificate before the refund").isEqualTo(409);

        complete(refund, SERVICING, Map.of("refundReference", "ICBC-20260101-000150"));
        assertThat(Pdfs.text(steps().awaitSettlementCertificate(loanId).body())).contains("150.00");
    }

    /** The loan's outcome in the settlement-notice timeliness drill-down over the default window. */
    static String kpiOutcome(ApiClient api, String loanId) {
        ApiClient.Response drillDown = api.get("/api/reports/kpi/settlement-notices", SERVICING_MANAGER, PASSWORD);
        assertThat(drillDown.status()).as(drillDown.text()).isEqualTo(200);
        for (JsonNode loan : drillDown.json().get("loans")) {
            if (loan.get("loanId").asText().equals(loanId)) {
                return loan.get("outcome").asText();
            }
        }
        throw new AssertionError("loan " + loanId + " is not in the timeliness drill-down: " + drillDown.text());
    }

    @Test
    void givenSettledLoan_whenThePayoffTransferBounces_thenReopenedToldAndSettledAgainByANewPayment() {
        String loanId = steps().activeLoan();
        JsonNode payoff = payOff(loanId);
        steps().awaitSettlementCertificate(loanId);
        // Sent before the bounce: the REPAYMENT_REVERSED notice is what explains it (an unsent one is withdrawn).
        awaitNoticeStatus(loanId, "LOAN_SETTLED", "DELIVERED");
        String transactionId = payoff.get("transactionId").asText();
        int ledgerLines = ledger(loanId).get("entries").size();

        ApiClient.Response future = reverse(loanId, transactionId, OffsetDateTime.now(CHINA).plusHours(1));
        assertThat(future.status()).as(future.text()).isEqualTo(400);
        assertThat(future.text()).contains("reversedAt");
        assertThat(reverse(loanId, "TX-NEVER-POSTED", OffsetDateTime.now(CHINA)).status()).isEqualTo(404);
        assertThat(steps().loan(loanId).get("status").asText()).as("bad input changes nothing").isEqualTo("SETTLED");
        assertThat(ledger(loanId).get("entries").size()).isEqualTo(ledgerLines);

        OffsetDateTime bounced = OffsetDateTime.now(CHINA).minusMinutes(1);
        ApiClient.Response reversed = reverse(loanId, transactionId, bounced);

        assertThat(reversed.status()).as(reversed.text()).isEqualTo(200);
        assertThat(reversed.json().get("reversalReason").asText()).isEqualTo("R01 付款账户余额不足");
        JsonNode reopened = steps().loan(loanId);
        assertThat(reopened.get("status").asText()).isEqualTo("ACTIVE");
        assertThat(reopened.get("outstanding").get("principal").decimalValue()).isEqualByComparingTo("90000.00");
        JsonNode ledger = ledger(loanId);
        assertThat(ledger.get("valid").asBoolean()).isTrue();
        JsonNode last = ledger.get("entries").get(ledger.get("entries").size() - 1);
        assertThat(last.get("type").asText()).isEqualTo("REVERSAL");
        assertThat(last.get("amount").decimalValue()).isEqualByComparingTo(payoff.get("amount").decimalValue());
        ApiClient.BinaryResponse certificate = api.getBytes("/api/loans/" + loanId + "/settlement-certificate",
                INTEGRATOR, PASSWORD);
        assertThat(certificate.status()).as("a reopened loan has no valid certificate").isEqualTo(409);
        steps().awaitNotices(loanId, "APPLICATION_RECEIVED", "APPLICATION_APPROVED", "LOAN_DISBURSED",
                "LOAN_SETTLED", "REPAYMENT_REVERSED");
        assertThat(steps().notice(loanId, "REPAYMENT_REVERSED").get("body").asText())
                .contains(payoff.get("amount").decimalValue().toPlainString());

        ApiClient.Response again = reverse(loanId, transactionId, bounced);
        assertThat(again.status()).as("reporting the same bounce again").isEqualTo(200);
        assertThat(ledger(loanId).get("entries").size()).isEqualTo(ledger.get("entries").size());

        payOff(loanId);
        steps().awaitStatus(loanId, "SETTLED");
        await().atMost(LoanSteps.PATIENCE).untilAsserted(() ->
                assertThat(events(loanId).stream().filter("LOAN_SETTLED"::equals)).hasSize(2));
        assertThat(Pdfs.text(steps().awaitSettlementCertificate(loanId).body()))
                .contains(ledger(loanId).get("finalHash").asText());
    }

    @Test
    void givenSettlementNoticeDeliveredButUnread_whenThePayoffBounces_thenItIsWithdrawnAndNobodyChasesItPastTheSla() {
        String loanId = steps().activeLoan();
        String transactionId = payOff(loanId).get("transactionId").asText();
        Instant paidOff = Instant.parse(steps().loan(loanId).get("settledAt").asText());
        String settledNotice = awaitNoticeStatus(loanId, "LOAN_SETTLED", "DELIVERED").get("noticeId").asText();

        ApiClient.Response reversed = reverse(loanId, transactionId, OffsetDateTime.now(CHINA).minusMinutes(1));

        assertThat(reversed.status()).as(reversed.text()).isEqualTo(200);
        awaitNoticeStatus(loanId, "LOAN_SETTLED", "WITHDRAWN");
        assertThat(jdbc.sql("select withdrawal_reason from notice where id = :id").param("id", settledNotice)
                .query(String.class).single()).contains("reversed", "REPAYMENT_REVERSED");
        awaitNoticeStatus(loanId, "REPAYMENT_REVERSED", "DELIVERED");

        ClockUtil.setCurrentTime(Date.from(paidOff.plus(Duration.ofHours(24)).plusSeconds(1)));
        awaitEngineIdle();
        assertThat(api.get("/engine-rest/task?processInstanceBusinessKey=" + loanId
                + "&taskDefinitionKey=Task_SettlementNoticeOverdue", ADMIN, ADMIN_PASSWORD).json())
                .as("a reopened loan's stale notice is not escalated").isEmpty();
        assertThat(notice(settledNotice).get("status").asText()).isEqualTo("WITHDRAWN");
    }

    @Test
    void givenSettledLoan_whenLienIsReleasedAndTheBorrowerCalledBack_thenClosedAndAReversalNeedsTheManagers() {
        String loanId = steps().activeLoan();
        JsonNode payoff = payOff(loanId);
        steps().awaitSettlementCertificate(loanId);
        String settledNotice = awaitNoticeStatus(loanId, "LOAN_SETTLED", "DELIVERED").get("noticeId").asText();
        steps().read(loanId, settledNotice, OffsetDateTime.now(CHINA).toString());

        complete(steps().openTask(loanId, "Task_ReleaseLien"), SERVICING, Map.of(
                "lienReleaseReference", "JY-2026-0042", "registrationOffice", "上海市公安局交通警察总队车辆管理所"));
        awaitNoticeStatus(loanId, "LIEN_RELEASE_READY", "DELIVERED");
        assertThat(steps().notice(loanId, "LIEN_RELEASE_READY").get("body").asText()).contains("JY-2026-0042");
        complete(steps().openTask(loanId, "Task_FollowUpCall"), CUSTOMER_SERVICE,
                Map.of("followUpOutcome", "CONFIRMED"));

        steps().awaitStatus(loanId, "CLOSED");
        ApiClient.Response refused = reverse(loanId, payoff.get("transactionId").asText(), OffsetDateTime.now(CHINA));
        assertThat(refused.status()).as(refused.text()).isEqualTo(422);
        assertThat(refused.text()).contains("loan-closed");
        assertThat(steps().loan(loanId).get("status").asText()).isEqualTo("CLOSED");
        assertThat(ledger(loanId).get("entries").findValuesAsText("type")).doesNotContain("REVERSAL");
    }

    @Test
    void givenLienReleased_whenThePayoffBounces_thenServicingManagersDecideAndReopeningIsTheirs() {
        String loanId = lienReleasedLoan();
        String transactionId = repaymentTransactions(loanId).get(0);

        ApiClient.Response held = reverse(loanId, transactionId, OffsetDateTime.now(CHINA).minusMinutes(1));

        assertThat(held.status()).as(held.text()).isEqualTo(202);
        assertThat(held.json().hasNonNull("reversedAt")).as("not reversed yet").isFalse();
        assertThat(steps().loan(loanId).get("status").asText()).as("not silently reopened").isEqualTo("SETTLED");
        assertThat(ledger(loanId).get("entries").findValuesAsText("type")).doesNotContain("REVERSAL");
        JsonNode review = steps().openTask(loanId, "Task_ReviewLateReversal");
        assertThat(api.get("/engine-rest/task/" + review.get("id").asText() + "/identity-links?type=candidate",
                ADMIN, ADMIN_PASSWORD).json().findValuesAsText("groupId")).containsExactly("servicing-managers");
        JsonNode shown = api.get("/engine-rest/task/" + review.get("id").asText() + "/form-variables",
                SERVICING_MANAGER, PASSWORD).json();
        assertThat(shown.get("reversalReason").get("value").asText()).isEqualTo("R01 付款账户余额不足");
        assertThat(shown.get("lienReleaseReference").get("value").asText()).isEqualTo("JY-2026-0077");
        assertThat(reverse(loanId, transactionId, OffsetDateTime.now(CHINA)).status())
                .as("the same bounce reported again").isEqualTo(202);

        complete(review, SERVICING_MANAGER, Map.of("lateReversalDecision", "REOPEN_LOAN",
                "lateReversalNotes", "车辆已重新办理抵押登记，恢复还款"));

        steps().awaitStatus(loanId, "ACTIVE");
        assertThat(ledger(loanId).get("entries").findValuesAsText("type")).endsWith("REVERSAL");
        awaitNoticeStatus(loanId, "REPAYMENT_REVERSED", "DELIVERED");
        assertThat(api.get("/engine-rest/task?processInstanceBusinessKey=" + loanId, ADMIN, ADMIN_PASSWORD).json()
                .findValuesAsText("taskDefinitionKey")).as("no follow-up call for a reopened loan")
                .doesNotContain("Task_FollowUpCall", "Task_ReviewLateReversal");
        assertThat(jdbc.sql("select completed_by || '/' || outcome from task_audit where loan_id = :loanId"
                        + " and task_definition_key = 'Task_ReviewLateReversal'").param("loanId", loanId)
                .query(String.class).list()).containsExactly(SERVICING_MANAGER + "/REOPEN_LOAN");
    }

    @Test
    void givenLienReleased_whenManagersKeepTheLoanSettledDespiteTheBounce_thenItClosesAndTheBounceIsNotReappliedLater() {
        String loanId = lienReleasedLoan();
        String transactionId = repaymentTransactions(loanId).get(0);
        assertThat(reverse(loanId, transactionId, OffsetDateTime.now(CHINA).minusMinutes(1)).status()).isEqualTo(202);

        complete(steps().openTask(loanId, "Task_ReviewLateReversal"), SERVICING_MANAGER, Map.of(
                "lateReversalDecision", "KEEP_SETTLED", "lateReversalNotes", "银行已撤回退票，款项实际到账"));
        complete(steps().openTask(loanId, "Task_FollowUpCall"), CUSTOMER_SERVICE, Map.of("followUpOutcome", "CONFIRMED"));

        steps().awaitStatus(loanId, "CLOSED");
        assertThat(ledger(loanId).get("entries").findValuesAsText("type")).doesNotContain("REVERSAL");
        ApiClient.Response again = reverse(loanId, transactionId, OffsetDateTime.now(CHINA));
        assertThat(again.status()).as(again.text()).isEqualTo(409);
        assertThat(again.text()).contains("reversal-declined");
    }

    /** Paid off, LOAN_SETTLED read, lien released: the follow-up call is open. */
    private String lienReleasedLoan() {
        String loanId = steps().activeLoan();
        payOff(loanId);
        steps().awaitSettlementCertificate(loanId);
        String settledNotice = awaitNoticeStatus(loanId, "LOAN_SETTLED", "DELIVERED").get("noticeId").asText();
        steps().read(loanId, settledNotice, OffsetDateTime.now(CHINA).toString());
        complete(steps().openTask(loanId, "Task_ReleaseLien"), SERVICING, Map.of(
                "lienReleaseReference", "JY-2026-0077", "registrationOffice", "上海市公安局交通警察总队车辆管理所"));
        steps().openTask(loanId, "Task_FollowUpCall");
        return loanId;
    }

    private List<String> repaymentTransactions(String loanId) {
        return jdbc.sql("select transaction_id from repayment where loan_id = :loanId order by created_at")
                .param("loanId", loanId).query(String.class).list();
    }

    private void complete(JsonNode task, String user, Map<String, String> fields) {
        Map<String, Object> variables = new HashMap<>();
        fields.forEach((name, value) -> variables.put(name, Map.of("value", value)));
        ApiClient.Response submitted = api.post("/engine-rest/task/" + task.get("id").asText() + "/submit-form",
                Map.of("variables", variables), user, PASSWORD);
        assertThat(submitted.status()).as(submitted.text()).isEqualTo(204);
    }

    private LoanSteps steps() {
        return new LoanSteps(api);
    }

    private JsonNode payOff(String loanId) {
        JsonNode quote = api.get("/api/loans/" + loanId + "/payoff-quote", INTEGRATOR, PASSWORD).json();
        return steps().repay(loanId, quote.get("total").decimalValue()).json();
    }

    private ApiClient.Response reverse(String loanId, String transactionId, OffsetDateTime reversedAt) {
        return api.post("/api/loans/" + loanId + "/repayments/" + transactionId + "/reversal",
                Map.of("reversedAt", reversedAt.toString(), "reason", "R01 付款账户余额不足"), INTEGRATOR, PASSWORD);
    }

    private JsonNode ledger(String loanId) {
        return api.get("/api/loans/" + loanId + "/ledger", INTEGRATOR, PASSWORD).json();
    }

    private JsonNode notice(String noticeId) {
        return api.get("/api/notices/" + noticeId, INTEGRATOR, PASSWORD).json();
    }

    private List<String> events(String loanId) {
        List<String> events = new ArrayList<>();
        api.get("/api/loans/" + loanId + "/notices", INTEGRATOR, PASSWORD).json()
                .forEach(n -> events.add(n.get("event").asText()));
        return events;
    }

    private JsonNode awaitNoticeStatus(String loanId, String event, String status) {
        List<JsonNode> found = new ArrayList<>();
        await().atMost(LoanSteps.PATIENCE).until(() -> {
            found.clear();
            api.get("/api/loans/" + loanId + "/notices", INTEGRATOR, PASSWORD).json().forEach(n -> {
                if (n.get("event").asText().equals(event) && n.get("status").asText().equals(status)) {
                    found.add(n);
                }
            });
            return found.size() == 1;
        });
        return found.get(0);
    }
}
