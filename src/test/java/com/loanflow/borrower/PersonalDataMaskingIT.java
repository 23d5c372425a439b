package com.loanflow.borrower;

import static com.loanflow.support.StaffUsers.INTEGRATOR;
import static com.loanflow.support.StaffUsers.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.loanflow.support.ApiClient;
import com.loanflow.support.LoanSteps;
import com.loanflow.support.PostgresIntegrationTest;
import com.loanflow.support.TestApplications;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * No API answer carries a borrower's phone number, e-mail address or identity number in the clear: not the
 * application's answer, the loan view, the notices with their attempts, nor the sandbox outbox.
 */
class PersonalDataMaskingIT extends PostgresIntegrationTest {

    @Test
    void givenAnApplicant_whenEveryViewOfTheirLoanIsRead_thenPhoneEmailAndIdentityNumberAreMaskedEverywhere() {
        Map<String, Object> application = TestApplications.application("123");
        @SuppressWarnings("unchecked")
        Map<String, Object> applicant = (Map<String, Object>) application.get("applicant");
        applicant.put("preferredChannels", List.of("SMS", "EMAIL"));
        String phone = (String) applicant.get("phone");
        String email = (String) applicant.get("email");
        String idNumber = (String) applicant.get("idNumber");

        ApiClient.Response created = api.post("/api/applications", application, INTEGRATOR, PASSWORD);
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        String loanId = created.json().get("loanId").asText();
        LoanSteps steps = new LoanSteps(api);
        await().atMost(LoanSteps.PATIENCE).until(() -> steps.outbox(loanId).stream()
                .anyMatch(message -> message.get("channel").asText().equals("SMS")));

        JsonNode shownApplicant = created.json().get("applicant");
        assertThat(shownApplicant.get("phone").asText()).isEqualTo(Masking.maskPhone(phone)).contains("****");
        assertThat(shownApplicant.get("email").asText()).isEqualTo("z***@example.com");
        List<ApiClient.Response> answers = List.of(created,
                api.get("/api/loans/" + loanId, INTEGRATOR, PASSWORD),
                api.get("/api/loans/" + loanId + "/notices", INTEGRATOR, PASSWORD),
                api.get("/api/sandbox/outbox?loanId=" + loanId, INTEGRATOR, PASSWORD));
        for (ApiClient.Response answer : answers) {
            assertThat(answer.status()).isEqualTo(200 + (answer == created ? 1 : 0));
            assertThat(answer.text()).doesNotContain(phone, phone.substring(3), email, idNumber);
        }
        assertThat(steps.outbox(loanId)).extracting(message -> message.get("address").asText())
                .contains(Masking.maskPhone(phone));
    }
}
