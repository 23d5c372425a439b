package com.loanflow;

import static com.loanflow.support.IntegrationTest.ADMIN;
import static com.loanflow.support.IntegrationTest.ADMIN_PASSWORD;
import static com.loanflow.support.StaffUsers.INTEGRATOR;
import static com.loanflow.support.StaffUsers.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.loanflow.support.ApiClient;
import com.loanflow.support.LoanSteps;
import com.loanflow.support.Pdfs;
import com.loanflow.support.StaffUsers;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The car-loan journeys of the foundation issue, through the HTTP API alone: LoanFlow's API for the integrator and
 * the engine's REST API for staff decisions. Every step must leave its notice in the sandbox outbox.
 * Implemented once, run on PostgreSQL and on H2.
 */
public interface LoanJourneyScenarios {

    ApiClient api();

    JdbcClient jdbc();

    default LoanSteps steps() {
        return new LoanSteps(api());
    }

    @Test
    default void givenGoodApplicant_whenPaidOffEarlyAtTheQuote_thenLoanIsSettledAndEveryStepWasNotified() {
        String loanId = steps().activeLoan();
        JsonNode quote = api().get("/api/loans/" + loanId + "/payoff-quote", INTEGRATOR, PASSWORD).json();
        assertThat(quote.get("principal").decimalValue()).isEqualByComparingTo("90000.00");
        assertThat(quote.get("total").decimalValue())
                .isEqualByComparingTo(sum(quote, "principal", "interest", "fees", "penalties"));
        ApiClient.BinaryResponse notYet = api().getBytes("/api/loans/" + loanId + "/settlement-certificate",
                INTEGRATOR, PASSWORD);
        assertThat(notYet.status()).isEqualTo(409);
        assertThat(notYet.contentType()).isEqualTo("application/problem+json");
        assertThat(notYet.text()).contains("urn:loanflow:problem:not-settled");

        ApiClient.Response repaid = steps().repay(loanId, quote.get("total").decimalValue());

        assertThat(repaid.status()).isEqualTo(201);
        assertThat(repaid.json().get("earlyPayoff").asBoolean()).isTrue();
        JsonNode loan = steps().loan(loanId);
        assertThat(loan.get("status").asText()).isEqualTo("SETTLED");
        assertThat(loan.get("settlementState").asText()).isEqualTo("SETTLED");
        assertThat(loan.get("outstanding").get("total").decimalValue()).isZero();
        JsonNode ledger = api().get("/api/loans/" + loanId + "/ledger", INTEGRATOR, PASSWORD).json();
        assertThat(ledger.get("valid").asBoolean()).isTrue();
        assertThat(types(ledger.get("entries"))).containsExactly("DISBURSEMENT", "FEE_CHARGED", "REPAYMENT");
        ApiClient.BinaryResponse certificate = steps().awaitSettlementCertificate(loanId);
        assertThat(certificate.contentType()).isEqualTo("application/pdf");
        assertThat(certificate.headers().getContentDisposition().getFilename()).isEqualTo("结清证明-" + loanId + ".pdf");
        assertThat(Pdfs.text(certificate.body())).contains("车辆贷款结清证明", "张伟",
                loan.get("vehicle").get("vin").asText(), ledger.get("finalHash").asText(), "Ledger verified");
        steps().awaitNotices(loanId, "APPLICATION_RECEIVED", "APPLICATION_APPROVED", "LOAN_DISBURSED", "LOAN_SETTLED");
        assertThat(steps().openTask(loanId, "Task_ReleaseLien").get("name").asText()).isEqualTo("Release lien");
    }

    @Test
    default void givenPoorCreditRecord_whenApplying_thenRejectedWithReasonAndTold() {
        String loanId = steps().apply("001");

        steps().awaitStatus(loanId, "REJECTED");

        assertThat(steps().loan(loanId).get("decisionReason").asText()).isEqualTo("CREDIT_RECORD");
        steps().awaitNotices(loanId, "APPLICATION_RECEIVED", "APPLICATION_REJECTED");
        assertThat(steps().outbox(loanId).stream().filter(m -> m.get("event").asText().equals("APPLICATION_REJECTED"))
                .findFirst().orElseThrow().get("body").asText()).contains("信用记录");
    }

    @Test
    default void givenIncomeFarBelowDeclared_whenApplying_thenRejectedForIncomeMismatch() {
        String loanId = steps().apply("002");

        steps().awaitStatus(loanId, "REJECTED");

        assertThat(steps().loan(loanId).get("decisionReason").asText()).isEqualTo("INCOME_MISMATCH");
        steps().awaitNotices(loanId, "APPLICATION_RECEIVED", "APPLICATION_REJECTED");
    }

    @Test
    default void givenVehicleOwnershipInDoubt_whenOfficerApproves_thenLoanAwaitsSignature() {
        String loanId = steps().apply("003");
        steps().awaitStatus(loanId, "MANUAL_REVIEW");
        steps().awaitNotices(loanId, "APPLICATION_RECEIVED", "APPLICATION_UNDER_REVIEW");
        JsonNode task = steps().openTask(loanId, "Task_ReviewApplication");
        assertThat(task.get("camundaFormRef").get("key").asText()).isEqualTo("review-application");
        assertThat(api().get("/engine-rest/task/" + task.get("id").asText() + "/identity-links", ADMIN, ADMIN_PASSWORD)
                .json().findValuesAsText("groupId")).contains("risk-officers");

        ApiClient.Response completed = api().post("/engine-rest/task/" + task.get("id").asText() + "/complete",
                Map.of("variables", Map.of("reviewDecision", Map.of("value", "APPROVE"),
                        "reviewComment", Map.of("value", "Title checked with the dealer"))),
                StaffUsers.RISK_OFFICER, PASSWORD);

        assertThat(completed.status()).isEqualTo(204);
        assertThat(jdbc().sql("select completed_by, outcome from task_audit where loan_id = :loanId")
                .param("loanId", loanId).query((rs, n) -> rs.getString(1) + "/" + rs.getString(2)).list())
                .containsExactly(StaffUsers.RISK_OFFICER + "/APPROVE");
        steps().awaitStatus(loanId, "AWAITING_SIGNATURE");
        steps().awaitNotices(loanId, "APPLICATION_RECEIVED", "APPLICATION_UNDER_REVIEW", "APPLICATION_APPROVED");
    }

    @Test
    default void givenPayoffWithoutTheEarlyRepaymentFee_whenPosted_thenPartiallySettledAndToldWhatRemains() {
        String loanId = steps().activeLoan();
        JsonNode quote = api().get("/api/loans/" + loanId + "/payoff-quote", INTEGRATOR, PASSWORD).json();
        BigDecimal fee = quote.get("fees").decimalValue();
        assertThat(fee).isPositive();

        steps().repay(loanId, sum(quote, "principal", "interest", "penalties"));

        JsonNode loan = steps().loan(loanId);
        assertThat(loan.get("settlementState").asText()).isEqualTo("PARTIALLY_SETTLED");
        assertThat(loan.get("status").asText()).isEqualTo("ACTIVE");
        assertThat(loan.get("outstanding").get("principal").decimalValue()).isZero();
        assertThat(loan.get("outstanding").get("fees").decimalValue()).isEqualByComparingTo(fee);
        steps().awaitNotices(loanId, "APPLICATION_RECEIVED", "APPLICATION_APPROVED", "LOAN_DISBURSED", "LOAN_PARTIALLY_SETTLED");
        assertThat(steps().notice(loanId, "LOAN_PARTIALLY_SETTLED").get("body").asText()).contains(fee.setScale(2).toPlainString());

        steps().repay(loanId, fee);

        assertThat(steps().loan(loanId).get("settlementState").asText()).isEqualTo("SETTLED");
        steps().awaitNotices(loanId, "APPLICATION_RECEIVED", "APPLICATION_APPROVED", "LOAN_DISBURSED", "LOAN_PARTIALLY_SETTLED",
                "LOAN_SETTLED");
    }

    @Test
    default void givenPaymentAboveTheQuote_whenPosted_thenOverpaidRefundTaskAndNoticeThenSettledAfterRefund() {
        String loanId = steps().activeLoan();
        JsonNode quote = api().get("/api/loans/" + loanId + "/payoff-quote", INTEGRATOR, PASSWORD).json();

        steps().repay(loanId, quote.get("total").decimalValue().add(new BigDecimal("100.00")));

        JsonNode loan = steps().loan(loanId);
        assertThat(loan.get("settlementState").asText()).isEqualTo("OVERPAID");
        assertThat(loan.get("overpaid").decimalValue()).isEqualByComparingTo("100.00");
        // Paid off: the borrower is told at once, the refund still with loan servicing.
        steps().awaitNotices(loanId, "APPLICATION_RECEIVED", "APPLICATION_APPROVED", "LOAN_DISBURSED", "OVERPAYMENT_REFUND",
                "LOAN_SETTLED");
        assertThat(steps().notice(loanId, "OVERPAYMENT_REFUND").get("body").asText()).contains("100.00");
        JsonNode refund = steps().openTask(loanId, "Task_RefundOverpayment");

        ApiClient.Response completed = api().post("/engine-rest/task/" + refund.get("id").asText() + "/complete",
                Map.of("variables", Map.of("refundReference", Map.of("value", "BANK-REF-778"))),
                StaffUsers.SERVICING, PASSWORD);

        assertThat(completed.status()).isEqualTo(204);
        await().atMost(LoanSteps.PATIENCE).until(() -> steps().loan(loanId).get("settlementState").asText().equals("SETTLED"));
        assertThat(steps().loan(loanId).get("overpaid").decimalValue()).isZero();
        JsonNode ledger = api().get("/api/loans/" + loanId + "/ledger", INTEGRATOR, PASSWORD).json();
        assertThat(ledger.get("valid").asBoolean()).isTrue();
        assertThat(types(ledger.get("entries"))).endsWith("REFUND");
        steps().awaitNotices(loanId, "APPLICATION_RECEIVED", "APPLICATION_APPROVED", "LOAN_DISBURSED", "OVERPAYMENT_REFUND",
                "LOAN_SETTLED");
    }

    @Test
    default void givenFirstInstalmentPaid_whenPosted_thenNotSettledAndReceiptNotified() {
        String loanId = steps().activeLoan();
        JsonNode first = api().get("/api/loans/" + loanId + "/schedule", INTEGRATOR, PASSWORD).json()
                .get("instalments").get(0);

        steps().repay(loanId, first.get("total").decimalValue());

        JsonNode loan = steps().loan(loanId);
        assertThat(loan.get("settlementState").asText()).isEqualTo("NOT_SETTLED");
        assertThat(loan.get("status").asText()).isEqualTo("ACTIVE");
        assertThat(loan.get("outstanding").get("principal").decimalValue())
                .isEqualByComparingTo(new BigDecimal("90000.00").subtract(first.get("principal").decimalValue()));
        steps().awaitNotices(loanId, "APPLICATION_RECEIVED", "APPLICATION_APPROVED", "LOAN_DISBURSED", "REPAYMENT_RECEIVED");
        assertThat(api().get("/api/loans/" + loanId + "/schedule", INTEGRATOR, PASSWORD).json()
                .get("instalments").get(0).get("status").asText()).isEqualTo("PAID");
    }

    private static List<String> types(JsonNode entries) {
        List<String> types = new ArrayList<>();
        entries.forEach(e -> types.add(e.get("type").asText()));
        return types;
    }

    private static BigDecimal sum(JsonNode node, String... fields) {
        BigDecimal total = BigDecimal.ZERO;
        for (String field : fields) {
            total = total.add(node.get(field).decimalValue());
        }
        return total;
    }
}
