package com.loanflow.support;

import static com.loanflow.support.IntegrationTest.ADMIN;
import static com.loanflow.support.IntegrationTest.ADMIN_PASSWORD;
import static com.loanflow.support.StaffUsers.INTEGRATOR;
import static com.loanflow.support.StaffUsers.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpMethod;

/** The steps an integrator and staff take through the HTTP API, shared by the journey and validation tests. */
public class LoanSteps {

    public static final Duration PATIENCE = Duration.ofSeconds(60);

    private final ApiClient api;

    public LoanSteps(ApiClient api) {
        this.api = api;
    }


    public String apply(String sequenceCode) {
        return apply(TestApplications.application(sequenceCode));
    }

    public String apply(Map<String, Object> application) {
        ApiClient.Response created = api.post("/api/applications", application, INTEGRATOR, PASSWORD);
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        String loanId = created.json().get("loanId").asText();
        assertThat(created.headers().getLocation()).hasToString("/api/loans/" + loanId);
        return loanId;
    }

    /** A good applicant, approved, signed and disbursed. */
    public String activeLoan() {
        String loanId = apply("123");
        awaitStatus(loanId, "AWAITING_SIGNATURE");
        ApiClient.Response signed = api.post("/api/loans/" + loanId + "/contract-signature",
                Map.of("signedAt", OffsetDateTime.now(ZoneOffset.ofHours(8)).minusMinutes(1).toString()),
                INTEGRATOR, PASSWORD);
        assertThat(signed.status()).as(signed.text()).isEqualTo(202);
        awaitStatus(loanId, "ACTIVE");
        return loanId;
    }

    public ApiClient.Response repay(String loanId, BigDecimal amount) {
        ApiClient.Response response = api.post("/api/loans/" + loanId + "/repayments", Map.of(
                "transactionId", "TX-" + UUID.randomUUID(), "amount", amount,
                "paidAt", OffsetDateTime.now(ZoneOffset.ofHours(8)).toString(), "channel", "BANK_TRANSFER"),
                INTEGRATOR, PASSWORD);
        assertThat(response.status()).as(response.text()).isEqualTo(201);
        return response;
    }

    /** A borrower token for the loan, as the borrower app's backend gets one. */
    public String borrowerToken(String loanId) {
        ApiClient.Response issued = api.post("/api/loans/" + loanId + "/borrower-tokens", null, INTEGRATOR, PASSWORD);
        assertThat(issued.status()).as(issued.text()).isEqualTo(201);
        return issued.json().get("token").asText();
    }

    /** The borrower's read acknowledgement (已读), sent with their own token. */
    public ApiClient.Response read(String loanId, String noticeId, String readAt) {
        return api.asBorrower(HttpMethod.POST, "/api/notices/" + noticeId + "/read", Map.of("readAt", readAt),
                borrowerToken(loanId));
    }

    public JsonNode loan(String loanId) {
        ApiClient.Response response = api.get("/api/loans/" + loanId, INTEGRATOR, PASSWORD);
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        return response.json();
    }

    public void awaitStatus(String loanId, String status) {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(loan(loanId).get("status").asText()).isEqualTo(status));
    }

    /** Waits until the settlement certificate is issued, i.e. until its download answers 200. */
    public ApiClient.BinaryResponse awaitSettlementCertificate(String loanId) {
        List<ApiClient.BinaryResponse> answer = new ArrayList<>();
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            answer.clear();
            answer.add(api.getBytes("/api/loans/" + loanId + "/settlement-certificate", INTEGRATOR, PASSWORD));
            assertThat(answer.get(0).status()).as(answer.get(0).text()).isEqualTo(200);
        });
        return answer.get(0);
    }

    public List<JsonNode> outbox(String loanId) {
        List<JsonNode> messages = new ArrayList<>();
        api.get("/api/sandbox/outbox?loanId=" + loanId, INTEGRATOR, PASSWORD).json().forEach(messages::add);
        return messages;
    }

    public JsonNode notice(String loanId, String event) {
        return outbox(loanId).stream().filter(m -> m.get("event").asText().equals(event)).findFirst().orElseThrow();
    }

    /** Waits until exactly these notices (in any order) are in the outbox, each once. */
    public void awaitNotices(String loanId, String... events) {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                assertThat(outbox(loanId).stream().map(m -> m.get("event").asText()).toList())
                        .containsExactlyInAnyOrder(events));
    }

    public JsonNode openTask(String loanId, String taskDefinitionKey) {
        List<JsonNode> found = new ArrayList<>();
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(250)).until(() -> {
            found.clear();
            ApiClient.Response tasks = api.get("/engine-rest/task?processInstanceBusinessKey=" + loanId
                    + "&taskDefinitionKey=" + taskDefinitionKey, ADMIN, ADMIN_PASSWORD);
            assertThat(tasks.status()).as(tasks.text()).isEqualTo(200);
            tasks.json().forEach(found::add);
            return found.size() == 1;
        });
        return found.get(0);
    }
}
