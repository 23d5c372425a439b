package com.loanflow.web;

import static com.loanflow.support.StaffUsers.INTEGRATOR;
import static com.loanflow.support.StaffUsers.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.loanflow.support.ApiClient;
import com.loanflow.support.LoanSteps;
import com.loanflow.support.PostgresIntegrationTest;
import com.loanflow.support.TestApplications;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Nothing a client sends produces a 500: malformed JSON, wrong types, unknown ids, out-of-range values, bad identity
 * numbers and replays get the 4xx of API.md with a problem document, and change nothing in the database or engine.
 */
class ApiValidationIT extends PostgresIntegrationTest {

    private static final List<String> TABLES = List.of("borrower", "loan", "instalment", "repayment", "ledger_entry",
            "notice", "notice_attempt", "notice_receipt", "delivery_step", "sandbox_message", "task_audit",
            "ACT_RU_EXECUTION", "ACT_RU_TASK");

    private LoanSteps steps() {
        return new LoanSteps(api);
    }

    @Test
    void givenMalformedJson_whenApplying_thenBadRequestAndNothingStored() {
        assertRejectedWithoutChange(() -> api.post("/api/applications", "{\"applicant\": {\"name\": ", INTEGRATOR, PASSWORD),
                400, problem -> assertThat(problem.get("type").asText()).isEqualTo("urn:loanflow:problem:malformed-json"));
    }

    @Test
    void givenEmptyBody_whenApplying_thenBadRequest() {
        assertRejectedWithoutChange(() -> api.post("/api/applications", "", INTEGRATOR, PASSWORD), 400, problem -> {
        });
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', textBlock = """
            loan.principal              | "a lot"
            loan.principal              | -5000
            loan.principal              | 0
            loan.principal              | 90000.001
            loan.termMonths             | 36.5
            loan.termMonths             | 0
            loan.termMonths             | 61
            loan.annualRate             | -0.01
            loan.repaymentMethod        | "BALLOON"
            applicant.idNumber          | "110101199003071234"
            applicant.idNumber          | "11010119900307123"
            applicant.idNumber          | 110101199003071233
            applicant.phone             | "13800138000"
            applicant.email             | "not-an-email"
            applicant.language          | "fr"
            applicant.preferredChannels | ["FAX"]
            vehicle.vin                 | "LSVAU2180N218329O"
            vehicle.price               | "120000"
            declaredMonthlyIncome       | 0
            """)
    void givenInvalidField_whenApplying_thenValidationProblemNamesTheFieldAndNothingStored(String field, String json) {
        Map<String, Object> body = TestApplications.application("123");
        String[] path = field.split("\\.");
        @SuppressWarnings("unchecked")
        Map<String, Object> parent = path.length == 1 ? body : (Map<String, Object>) body.get(path[0]);
        parent.put(path[path.length - 1], new RawJson(json));

        assertRejectedWithoutChange(() -> api.post("/api/applications", RawJson.write(body), INTEGRATOR, PASSWORD), 400,
                problem -> {
                    assertThat(problem.get("type").asText()).isEqualTo("urn:loanflow:problem:validation-failed");
                    assertThat(problem.get("errors").findValuesAsText("field")).anyMatch(f -> f.startsWith(field));
                });
    }

    @Test
    void givenPreferredChannelWithoutAddress_whenApplying_thenBadRequest() {
        Map<String, Object> body = TestApplications.application("123");
        @SuppressWarnings("unchecked")
        Map<String, Object> applicant = (Map<String, Object>) body.get("applicant");
        applicant.remove("wechatOpenId");

        assertRejectedWithoutChange(() -> api.post("/api/applications", body, INTEGRATOR, PASSWORD), 400,
                problem -> assertThat(problem.get("errors").findValuesAsText("field"))
                        .contains("applicant.preferredChannelsReachable"));
    }

    @Test
    void givenPrincipalAboveVehiclePrice_whenApplying_thenBadRequest() {
        Map<String, Object> body = TestApplications.application("123");
        @SuppressWarnings("unchecked")
        Map<String, Object> loan = (Map<String, Object>) body.get("loan");
        loan.put("principal", 130000.00);

        assertRejectedWithoutChange(() -> api.post("/api/applications", body, INTEGRATOR, PASSWORD), 400,
                problem -> assertThat(problem.get("errors").findValuesAsText("field"))
                        .contains("principalWithinVehiclePrice"));
    }

    @Test
    void givenSameApplicantAndVehicleStillOpen_whenApplyingAgain_thenConflictAndNothingStored() {
        Map<String, Object> body = TestApplications.application("123");
        assertThat(api.post("/api/applications", body, INTEGRATOR, PASSWORD).status()).isEqualTo(201);

        assertRejectedWithoutChange(() -> api.post("/api/applications", body, INTEGRATOR, PASSWORD), 409,
                problem -> assertThat(problem.get("type").asText()).isEqualTo("urn:loanflow:problem:application-exists"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/schedule", "/payoff-quote", "/ledger"})
    void givenUnknownLoan_whenReading_thenNotFound(String suffix) {
        ApiClient.Response response = api.get("/api/loans/LN-DOESNOTEXIST" + suffix, INTEGRATOR, PASSWORD);

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("detail").asText()).contains("LN-DOESNOTEXIST");
    }

    @Test
    void givenUnknownLoan_whenRepayingOrSigning_thenNotFoundAndNothingStored() {
        assertRejectedWithoutChange(() -> api.post("/api/loans/LN-DOESNOTEXIST/repayments", repayment("TX-unknown", 100),
                INTEGRATOR, PASSWORD), 404, problem -> {
        });
        assertRejectedWithoutChange(() -> api.post("/api/loans/LN-DOESNOTEXIST/contract-signature",
                Map.of("signedAt", OffsetDateTime.now().toString()), INTEGRATOR, PASSWORD), 404, problem -> {
        });
    }

    @Test
    void givenLoanInManualReview_whenRepayingOrSigning_thenUnprocessableOrConflictAndNothingStored() {
        String loanId = steps().apply("003");
        steps().awaitStatus(loanId, "MANUAL_REVIEW");
        steps().awaitNotices(loanId, "APPLICATION_RECEIVED", "APPLICATION_UNDER_REVIEW");

        assertRejectedWithoutChange(() -> api.post("/api/loans/" + loanId + "/repayments", repayment("TX-early", 100),
                INTEGRATOR, PASSWORD), 422,
                problem -> assertThat(problem.get("type").asText()).isEqualTo("urn:loanflow:problem:loan-not-repayable"));
        assertRejectedWithoutChange(() -> api.post("/api/loans/" + loanId + "/contract-signature",
                Map.of("signedAt", OffsetDateTime.now().toString()), INTEGRATOR, PASSWORD), 409, problem -> {
        });
    }

    @Test
    void givenActiveLoan_whenRepaymentsAreInvalidOrReplayed_thenRightStatusAndNoDoubleBooking() {
        String loanId = steps().activeLoan();
        steps().awaitNotices(loanId, "APPLICATION_RECEIVED", "APPLICATION_APPROVED", "LOAN_DISBURSED");
        String path = "/api/loans/" + loanId + "/repayments";

        assertRejectedWithoutChange(() -> api.post(path, repayment("TX-zero", 0), INTEGRATOR, PASSWORD), 400, problem ->
                assertThat(problem.get("errors").findValuesAsText("field")).contains("amount"));
        assertRejectedWithoutChange(() -> api.post(path, repayment("TX-negative", -10), INTEGRATOR, PASSWORD), 400, p -> {
        });
        assertRejectedWithoutChange(() -> api.post(path, repayment("TX-fraction", 10.005), INTEGRATOR, PASSWORD), 400, p -> {
        });
        assertRejectedWithoutChange(() -> api.post(path, "{\"transactionId\":\"TX-type\",\"amount\":\"ten\","
                + "\"paidAt\":\"2026-01-01T00:00:00Z\",\"channel\":\"BANK\"}", INTEGRATOR, PASSWORD), 400, problem ->
                assertThat(problem.get("errors").findValuesAsText("field")).contains("amount"));
        assertRejectedWithoutChange(() -> api.post(path, Map.of("transactionId", "TX-future", "amount", 10,
                "paidAt", OffsetDateTime.now().plusDays(2).toString(), "channel", "BANK"), INTEGRATOR, PASSWORD), 400,
                problem -> assertThat(problem.get("errors").findValuesAsText("field")).contains("paidAt"));

        ApiClient.Response first = api.post(path, repayment("TX-once", 500), INTEGRATOR, PASSWORD);
        assertThat(first.status()).isEqualTo(201);
        steps().awaitNotices(loanId, "APPLICATION_RECEIVED", "APPLICATION_APPROVED", "LOAN_DISBURSED",
                "REPAYMENT_RECEIVED");
        ApiClient.Response replay = assertRejectedWithoutChange(
                () -> api.post(path, repayment("TX-once", 500), INTEGRATOR, PASSWORD), 200, p -> {
                });
        assertThat(replay.text()).isEqualTo(first.text());
        assertRejectedWithoutChange(() -> api.post(path, repayment("TX-once", 600), INTEGRATOR, PASSWORD), 409,
                problem -> assertThat(problem.get("type").asText()).isEqualTo("urn:loanflow:problem:transaction-id-reused"));
        assertThat(jdbc.sql("select count(*) from repayment where transaction_id = 'TX-once'").query(Long.class).single())
                .isEqualTo(1);
        assertRejectedWithoutChange(() -> api.post("/api/loans/" + loanId + "/contract-signature",
                Map.of("signedAt", OffsetDateTime.now().toString()), INTEGRATOR, PASSWORD), 409, problem ->
                assertThat(problem.get("type").asText()).isEqualTo("urn:loanflow:problem:not-awaiting-signature"));
    }

    @Test
    void givenWrongTypeInSignature_whenSigning_thenBadRequest() {
        assertRejectedWithoutChange(() -> api.post("/api/loans/LN-ANY/contract-signature", "{\"signedAt\": true}",
                INTEGRATOR, PASSWORD), 400, problem -> assertThat(problem.get("errors").findValuesAsText("field"))
                .contains("signedAt"));
    }

    private static Map<String, Object> repayment(String transactionId, Number amount) {
        return Map.of("transactionId", transactionId, "amount", amount,
                "paidAt", OffsetDateTime.now(ZoneOffset.ofHours(8)).toString(), "channel", "BANK_TRANSFER");
    }

    /** Calls the API and checks the answer, and that no table of LoanFlow or the engine changed. */
    private ApiClient.Response assertRejectedWithoutChange(Supplier<ApiClient.Response> call, int status,
                                                           Consumer<JsonNode> problem) {
        awaitEngineIdle();
        Map<String, Long> before = counts();
        ApiClient.Response response = call.get();
        assertThat(response.status()).as(response.text()).isEqualTo(status);
        if (status >= 400) {
            assertThat(response.contentType()).startsWith("application/problem+json");
            JsonNode body = response.json();
            assertThat(body.get("status").asInt()).isEqualTo(status);
            assertThat(body.get("title").asText()).isNotBlank();
            assertThat(body.get("detail").asText()).isNotBlank();
            problem.accept(body);
        }
        awaitEngineIdle();
        assertThat(counts()).isEqualTo(before);
        return response;
    }

    private Map<String, Long> counts() {
        Map<String, Long> counts = new TreeMap<>();
        TABLES.forEach(table -> counts.put(table, count(table)));
        return counts;
    }

    /** A JSON fragment placed verbatim into a request body, to send values of the wrong type. */
    private record RawJson(String json) {

        static String write(Map<String, Object> body) {
            StringBuilder out = new StringBuilder();
            append(out, body);
            return out.toString();
        }

        private static void append(StringBuilder out, Object value) {
            if (value instanceof RawJson raw) {
                out.append(raw.json());
            } else if (value instanceof Map<?, ?> map) {
                out.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    out.append(first ? "" : ",").append('"').append(e.getKey()).append("\":");
                    append(out, e.getValue());
                    first = false;
                }
                out.append('}');
            } else if (value instanceof List<?> list) {
                out.append('[');
                for (int i = 0; i < list.size(); i++) {
                    out.append(i == 0 ? "" : ",");
                    append(out, list.get(i));
                }
                out.append(']');
            } else if (value instanceof String text) {
                out.append('"').append(text.replace("\"", "\\\"")).append('"');
            } else {
                out.append(value);
            }
        }
    }
}
