package com.loanflow.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.loanflow.support.ApiClient;
import com.loanflow.support.PostgresIntegrationTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Integrators and analysts can evaluate both decision tables through the engine's REST API. */
class DecisionEvaluationIT extends PostgresIntegrationTest {

    @Test
    void givenPrincipalPaidButFeesLeft_whenEvaluatingSettlementConditionsOverRest_thenPartiallySettled() {
        ApiClient.Response response = api.post("/engine-rest/decision-definition/key/settlement-conditions/evaluate",
                Map.of("variables", Map.of(
                        "outstandingPrincipal", number(0), "outstandingInterest", number(0),
                        "outstandingFees", number(900), "outstandingPenalties", number(0),
                        "overpaidAmount", number(0))), ADMIN, ADMIN_PASSWORD);

        assertThat(response.status()).as(response.text()).isEqualTo(200);
        JsonNode result = response.json().get(0);
        assertThat(result.get("settlementState").get("value").asText()).isEqualTo("PARTIALLY_SETTLED");
        assertThat(result.get("nextAction").get("value").asText()).isEqualTo("NOTIFY_REMAINING");
    }

    @Test
    void givenPoorCreditRecord_whenEvaluatingRiskPrescreenOverRest_thenRejectedForCreditRecord() {
        ApiClient.Response response = api.post("/engine-rest/decision-definition/key/risk-prescreen/evaluate",
                Map.of("variables", Map.of(
                        "creditScore", Map.of("value", 480, "type", "Integer"),
                        "creditRecord", Map.of("value", "POOR", "type", "String"),
                        "incomeRatio", number(1.0), "debtToIncome", number(0.2), "loanToValue", number(0.75),
                        "vehicleOwnershipVerified", Map.of("value", true, "type", "Boolean"))),
                ADMIN, ADMIN_PASSWORD);

        assertThat(response.status()).as(response.text()).isEqualTo(200);
        JsonNode result = response.json().get(0);
        assertThat(result.get("decision").get("value").asText()).isEqualTo("REJECT");
        assertThat(result.get("reason").get("value").asText()).isEqualTo("CREDIT_RECORD");
    }

    private static Map<String, Object> number(double value) {
        return Map.of("value", value, "type", "Double");
    }
}
