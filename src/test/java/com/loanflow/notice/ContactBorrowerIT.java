package com.loanflow.notice;

import static com.loanflow.support.StaffUsers.CUSTOMER_SERVICE;
import static com.loanflow.support.StaffUsers.INTEGRATOR;
import static com.loanflow.support.StaffUsers.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.loanflow.support.ApiClient;
import com.loanflow.support.LoanSteps;
import com.loanflow.support.PostgresIntegrationTest;
import com.loanflow.support.TestApplications;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A borrower whose every address never confirms (the sandbox's magic never-confirming addresses): each channel of the
 * plan waits out its confirmation timeout, then the notice lands in Tasklist as "Contact borrower" with its form; the
 * staff member corrects the phone number and the notice is delivered on it.
 */
class ContactBorrowerIT extends PostgresIntegrationTest {

    @AfterEach
    void backToRealTime() {
        ClockUtil.reset();
    }

    @Test
    void givenNeverConfirmingAddresses_whenChannelsRunOut_thenStaffTaskAndCorrectedPhoneDeliversTheNotice() {
        Map<String, Object> application = TestApplications.application("123");
        @SuppressWarnings("unchecked")
        Map<String, Object> applicant = (Map<String, Object>) application.get("applicant");
        applicant.put("phone", "+8613800009999");
        applicant.put("email", "zhang.wei@blackhole.example");
        applicant.put("wechatOpenId", "none-o6_bmjrPTlm6_2sgVt7hMZOPfL2M");
        applicant.put("pushToken", "none-device-token");
        String loanId = new LoanSteps(api).apply(application);
        String noticeId = awaitNotice(loanId, "APPLICATION_RECEIVED");

        JsonNode task = advanceClockUntilTask(loanId, noticeId);

        JsonNode notice = api.get("/api/notices/" + noticeId, INTEGRATOR, PASSWORD).json();
        assertThat(notice.get("status").asText()).isEqualTo("ESCALATED");
        assertThat(channels(notice)).containsExactly("WECHAT", "SMS", "PUSH", "EMAIL", "IN_APP");
        assertThat(notice.get("attempts").findValuesAsText("status")).containsOnly("NO_RECEIPT");
        String taskId = task.get("id").asText();
        JsonNode form = api.get("/engine-rest/task/" + taskId + "/deployed-form", CUSTOMER_SERVICE, PASSWORD).json();
        assertThat(form.get("id").asText()).isEqualTo("contact-borrower");
        assertThat(form.get("components").findValuesAsText("key"))
                .contains("noticeText", "attemptsSummary", "contactsSummary", "contactOutcome", "correctedPhone");
        JsonNode shown = api.get("/engine-rest/task/" + taskId + "/form-variables", CUSTOMER_SERVICE, PASSWORD).json();
        assertThat(shown.get("attemptsSummary").get("value").asText()).contains("WECHAT", "SMS", "NO_RECEIPT");
        assertThat(shown.get("contactsSummary").get("value").asText()).contains("+8613800009999");
        assertThat(shown.get("noticeText").get("value").asText()).contains(loanId);

        ApiClient.Response submitted = api.post("/engine-rest/task/" + taskId + "/submit-form", Map.of("variables", Map.of(
                "contactOutcome", Map.of("value", "CONTACTS_CORRECTED"),
                "correctedPhone", Map.of("value", "+8613911112222"),
                "contactNote", Map.of("value", "Borrower changed number; confirmed at the dealer"))),
                CUSTOMER_SERVICE, PASSWORD);

        assertThat(submitted.status()).as(submitted.text()).isEqualTo(204);
        await().atMost(LoanSteps.PATIENCE).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            JsonNode after = api.get("/api/notices/" + noticeId, INTEGRATOR, PASSWORD).json();
            assertThat(after.get("status").asText()).isEqualTo("DELIVERED");
            assertThat(after.get("confirmedAt").isNull()).isFalse();
            JsonNode last = after.get("attempts").get(after.get("attempts").size() - 1);
            assertThat(last.get("channel").asText()).isEqualTo("SMS");
            assertThat(last.get("address").asText()).isEqualTo("+86139****2222");
            assertThat(last.get("status").asText()).isEqualTo("DELIVERED");
        });
        assertThat(jdbc.sql("select completed_by || '/' || outcome from task_audit where task_id = :id")
                .param("id", taskId).query(String.class).single()).isEqualTo(CUSTOMER_SERVICE + "/CONTACTS_CORRECTED");
    }

    /** Moves the engine clock forward an hour at a time, letting the due timers run, until the staff task appears. */
    private JsonNode advanceClockUntilTask(String loanId, String noticeId) {
        List<JsonNode> tasks = new ArrayList<>();
        for (int hour = 0; hour < 36 && tasks.isEmpty(); hour++) {
            awaitEngineIdle();
            ClockUtil.setCurrentTime(new Date(ClockUtil.getCurrentTime().getTime() + Duration.ofHours(1).toMillis()));
            awaitEngineIdle();
            api.get("/engine-rest/task?taskDefinitionKey=Task_ContactBorrower&processInstanceBusinessKey=" + loanId,
                    ADMIN, ADMIN_PASSWORD).json().forEach(task -> {
                        String id = task.get("id").asText();
                        JsonNode noticeOfTask = api.get("/engine-rest/task/" + id + "/variables/noticeId", ADMIN,
                                ADMIN_PASSWORD).json();
                        if (noticeId.equals(noticeOfTask.get("value").asText())) {
                            tasks.add(task);
                        }
                    });
        }
        assertThat(tasks).as("Contact borrower task for notice %s", noticeId).hasSize(1);
        return tasks.get(0);
    }

    private String awaitNotice(String loanId, String event) {
        List<String> found = new ArrayList<>();
        await().atMost(LoanSteps.PATIENCE).until(() -> {
            api.get("/api/loans/" + loanId + "/notices", INTEGRATOR, PASSWORD).json().forEach(n -> {
                if (n.get("event").asText().equals(event) && n.get("attempts").size() > 0) {
                    found.add(n.get("noticeId").asText());
                }
            });
            return !found.isEmpty();
        });
        return found.get(0);
    }

    private static List<String> channels(JsonNode notice) {
        List<String> channels = new ArrayList<>();
        notice.get("attempts").forEach(a -> channels.add(a.get("channel").asText()));
        return channels;
    }
}
