package com.loanflow.settlement;

import static com.loanflow.support.IntegrationTest.ADMIN;
import static com.loanflow.support.StaffUsers.INTEGRATOR;
import static com.loanflow.support.StaffUsers.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.loanflow.process.ProcessSettings;
import com.loanflow.support.ApiClient;
import com.loanflow.support.LoanSteps;
import com.loanflow.support.PostgresIntegrationTest;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A loan whose principal and interest are paid but which still owes a fee (PARTIALLY_SETTLED) is a loan in
 * repayment like any other: months of engine time bring its reminder, its overdue notice and a collections call,
 * until the fee is paid and it settles.
 */
class PartiallySettledLoanIT extends PostgresIntegrationTest {

    private static final ZoneId LENDER = ZoneId.of("Asia/Shanghai");

    @Autowired
    ProcessSettings settings;

    @AfterEach
    void resetClock() {
        ClockUtil.reset();
    }

    @Test
    void givenOnlyTheEarlyRepaymentFeeLeft_whenMonthsPass_thenRemindedWarnedAndCalledUntilTheFeeIsPaid() {
        String loanId = steps().activeLoan();
        JsonNode quote = api.get("/api/loans/" + loanId + "/payoff-quote", INTEGRATOR, PASSWORD).json();
        BigDecimal fee = quote.get("fees").decimalValue();
        assertThat(fee).isPositive();
        steps().repay(loanId, quote.get("total").decimalValue().subtract(fee));
        await().atMost(LoanSteps.PATIENCE).untilAsserted(() ->
                assertThat(steps().loan(loanId).get("settlementState").asText()).isEqualTo("PARTIALLY_SETTLED"));
        JsonNode owing = feeInstalment(loanId);
        LocalDate dueDate = LocalDate.parse(owing.get("dueDate").asText());
        int instalment = owing.get("number").asInt();

        ClockUtil.setCurrentTime(Date.from(dueDate.minus(settings.repayment().reminderLeadTime())
                .atTime(settings.repayment().reminderTime()).atZone(LENDER).toInstant().plusSeconds(60)));

        awaitNotice(loanId, "REPAYMENT_DUE");
        assertThat(steps().notice(loanId, "REPAYMENT_DUE").get("body").asText()).contains(fee.toPlainString());

        ClockUtil.setCurrentTime(Date.from(dueDate.plus(settings.repayment().gracePeriod()).plusDays(1)
                .atStartOfDay(LENDER).toInstant().plusSeconds(60)));

        awaitNotice(loanId, "REPAYMENT_OVERDUE");
        JsonNode call = steps().openTask(loanId, "Task_ContactOverdueBorrower");
        JsonNode shown = api.get("/engine-rest/task/" + call.get("id").asText() + "/form-variables", ADMIN,
                ADMIN_PASSWORD).json();
        assertThat(shown.get("instalmentNumber").get("value").asInt()).isEqualTo(instalment);
        assertThat(steps().loan(loanId).get("status").asText()).isEqualTo("OVERDUE");

        ClockUtil.setCurrentTime(Date.from(ClockUtil.getCurrentTime().toInstant().plus(java.time.Duration.ofDays(62))));
        awaitEngineIdle();
        assertThat(steps().loan(loanId).get("settlementState").asText()).as("two months on").isEqualTo(
                "PARTIALLY_SETTLED");
        assertThat(steps().openTask(loanId, "Task_ContactOverdueBorrower").get("id").asText())
                .as("the call stays with customer service until the fee is paid").isEqualTo(call.get("id").asText());

        repayNow(loanId, feeInstalment(loanId).get("total").decimalValue()
                .subtract(feeInstalment(loanId).get("paid").decimalValue()));

        steps().awaitStatus(loanId, "SETTLED");
        await().atMost(LoanSteps.PATIENCE).untilAsserted(() -> assertThat(openTasks(loanId,
                "Task_ContactOverdueBorrower")).as("arrears paid: the call closes itself").isEmpty());
        awaitNotice(loanId, "LOAN_SETTLED");
    }

    private LoanSteps steps() {
        return new LoanSteps(api);
    }

    /** The instalment that carries the unpaid fee. */
    private JsonNode feeInstalment(String loanId) {
        for (JsonNode instalment : api.get("/api/loans/" + loanId + "/schedule", INTEGRATOR, PASSWORD).json()
                .get("instalments")) {
            if (instalment.get("fees").decimalValue().signum() > 0
                    && instalment.get("paid").decimalValue().compareTo(instalment.get("total").decimalValue()) < 0) {
                return instalment;
            }
        }
        throw new AssertionError("no instalment of " + loanId + " owes a fee");
    }

    /** A repayment dated by the engine clock, as the repayment system would date it months after the payoff. */
    private void repayNow(String loanId, BigDecimal amount) {
        Instant now = ClockUtil.getCurrentTime().toInstant();
        ApiClient.Response posted = api.post("/api/loans/" + loanId + "/repayments", Map.of(
                "transactionId", "TX-" + UUID.randomUUID(), "amount", amount,
                "paidAt", now.atOffset(ZoneOffset.ofHours(8)).toString(), "channel", "BANK_TRANSFER"),
                INTEGRATOR, PASSWORD);
        assertThat(posted.status()).as(posted.text()).isEqualTo(201);
    }

    private void awaitNotice(String loanId, String event) {
        await().atMost(LoanSteps.PATIENCE).untilAsserted(() -> assertThat(
                steps().outbox(loanId).stream().map(m -> m.get("event").asText()).toList()).contains(event));
    }

    private List<JsonNode> openTasks(String loanId, String key) {
        List<JsonNode> tasks = new java.util.ArrayList<>();
        api.get("/engine-rest/task?processInstanceBusinessKey=" + loanId + "&taskDefinitionKey=" + key, ADMIN,
                ADMIN_PASSWORD).json().forEach(tasks::add);
        return tasks;
    }
}
