package com.loanflow.web;

import static com.loanflow.support.StaffUsers.CUSTOMER_SERVICE;
import static com.loanflow.support.StaffUsers.INTEGRATOR;
import static com.loanflow.support.StaffUsers.PASSWORD;
import static com.loanflow.support.StaffUsers.RISK_OFFICER;
import static com.loanflow.support.StaffUsers.SERVICING_MANAGER;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.loanflow.support.ApiClient;
import com.loanflow.support.LoanSteps;
import com.loanflow.support.PostgresIntegrationTest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.RestClient;

/**
 * The engine REST API with the engine's authorization checks on: a staff member sees and works only the tasks of
 * their group, cannot hand them to someone else, managers watch every loan but change nothing, and the integration
 * systems see nothing of the engine at all.
 */
class EngineAuthorizationIT extends PostgresIntegrationTest {

    @LocalServerPort
    private int port;

    @Test
    void givenAReviewForRiskOfficers_whenOfficerAndAgentReachForIt_thenOnlyTheOfficerSeesAndCompletesIt() {
        String loanId = steps().apply("003");
        steps().awaitStatus(loanId, "MANUAL_REVIEW");
        String taskId = steps().openTask(loanId, "Task_ReviewApplication").get("id").asText();
        // The notices of the loan go on in the background; completing meanwhile could collide with them.
        awaitEngineIdle();
        String tasksOfLoan = "/engine-rest/task?processInstanceBusinessKey=" + loanId;

        assertThat(api.get(tasksOfLoan, RISK_OFFICER, PASSWORD).json().findValuesAsText("id")).containsExactly(taskId);
        assertThat(api.get(tasksOfLoan, CUSTOMER_SERVICE, PASSWORD).json()).as("another group's task").isEmpty();
        assertThat(api.get("/engine-rest/task/" + taskId + "/form-variables", CUSTOMER_SERVICE, PASSWORD).status())
                .isEqualTo(403);
        assertThat(submitReview(taskId, CUSTOMER_SERVICE).status()).isEqualTo(403);
        // TASK_WORK, not UPDATE: the officer works the task but cannot give it to someone else.
        assertThat(api.post("/engine-rest/task/" + taskId + "/assignee", Map.of("userId", CUSTOMER_SERVICE),
                RISK_OFFICER, PASSWORD).status()).isEqualTo(403);
        assertThat(api.post("/engine-rest/task/" + taskId + "/claim", Map.of("userId", RISK_OFFICER),
                RISK_OFFICER, PASSWORD).status()).isEqualTo(204);

        ApiClient.Response submitted = submitReview(taskId, RISK_OFFICER);

        assertThat(submitted.status()).as(submitted.text()).isEqualTo(204);
        assertThat(jdbc.sql("select completed_by || '/' || outcome from task_audit where task_id = :id")
                .param("id", taskId).query(String.class).single()).isEqualTo(RISK_OFFICER + "/APPROVE");
        steps().awaitStatus(loanId, "AWAITING_SIGNATURE");

        // The task ended (here: completed; in Tasklist also when the borrower read the notice meanwhile).
        ApiClient.Response again = submitReview(taskId, RISK_OFFICER);

        assertThat(again.status()).as(again.text()).isEqualTo(404);
        assertThat(again.json().get("message").asText()).contains(taskId);
    }

    @Test
    void givenRunningLoans_whenAManagerUsesTheEngineApi_thenTheySeeEveryLoanButChangeNothing() {
        String loanId = steps().apply("003");
        steps().awaitStatus(loanId, "MANUAL_REVIEW");
        String instances = "/engine-rest/process-instance?processDefinitionKey=loan-lifecycle&businessKey=" + loanId;

        JsonNode seen = api.get(instances, SERVICING_MANAGER, PASSWORD).json();

        assertThat(seen).hasSize(1);
        assertThat(api.get(instances, RISK_OFFICER, PASSWORD).json()).as("staff see tasks, not instances").isEmpty();
        assertThat(api.get("/engine-rest/task?processInstanceBusinessKey=" + loanId, SERVICING_MANAGER, PASSWORD)
                .json()).as("escalations are watched in Cockpit").hasSize(1);
        ApiClient.Response cancel = api.exchange(HttpMethod.DELETE,
                "/engine-rest/process-instance/" + seen.get(0).get("id").asText(), null, SERVICING_MANAGER, PASSWORD);
        assertThat(cancel.status()).isEqualTo(403);
        assertThat(api.get(instances, ADMIN, ADMIN_PASSWORD).json()).hasSize(1);
    }

    @Test
    void givenStaff_whenReadingProcessDefinitions_thenTheirProcessesForTasklistAndNothingForIntegrators() {
        assertThat(api.get("/engine-rest/process-definition?key=loan-lifecycle", RISK_OFFICER, PASSWORD).json()
                .findValuesAsText("key")).containsOnly("loan-lifecycle").isNotEmpty();
        assertThat(api.get("/engine-rest/process-definition", INTEGRATOR, PASSWORD).json()).isEmpty();
    }

    @Test
    void givenIntegrator_whenUsingTheEngineApi_thenNoInstancesNoTasksNoDecisionsAndNoDeployment() {
        String loanId = steps().apply("003");
        steps().awaitStatus(loanId, "MANUAL_REVIEW");
        long deployments = jdbc.sql("select count(*) from act_re_deployment").query(Long.class).single();

        assertThat(api.get("/engine-rest/process-instance?businessKey=" + loanId, INTEGRATOR, PASSWORD).json()).isEmpty();
        assertThat(api.get("/engine-rest/task?processInstanceBusinessKey=" + loanId, INTEGRATOR, PASSWORD).json())
                .isEmpty();
        assertThat(api.get("/engine-rest/decision-definition", INTEGRATOR, PASSWORD).json()).isEmpty();
        assertThat(deploy(INTEGRATOR, PASSWORD)).isEqualTo(403);
        assertThat(jdbc.sql("select count(*) from act_re_deployment").query(Long.class).single())
                .isEqualTo(deployments);
    }

    private ApiClient.Response submitReview(String taskId, String user) {
        return api.post("/engine-rest/task/" + taskId + "/submit-form", Map.of("variables", Map.of(
                "reviewDecision", Map.of("value", "APPROVE"),
                "reviewComment", Map.of("value", "Ownership confirmed with the registry"))), user, PASSWORD);
    }

    /** {@code POST /engine-rest/deployment/create} with a one-task process, as the Modeler deploys. */
    private int deploy(String user, String password) {
        String bpmn = """
                <?xml version="1.0" encoding="UTF-8"?>
                <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"
                    xmlns:camunda="http://camunda.org/schema/1.0/bpmn" targetNamespace="http://loanflow.test">
                  <process id="smuggled" isExecutable="true" camunda:historyTimeToLive="P1D">
                    <startEvent id="start"/>
                  </process>
                </definitions>""";
        MultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
        form.add("deployment-name", "smuggled");
        form.add("smuggled.bpmn", new ByteArrayResource(bpmn.getBytes(StandardCharsets.UTF_8)) {
            @Override
            public String getFilename() {
                return "smuggled.bpmn";
            }
        });
        return RestClient.create("http://localhost:" + port).post().uri("/engine-rest/deployment/create")
                .header(HttpHeaders.AUTHORIZATION, "Basic " + Base64.getEncoder()
                        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)))
                .contentType(MediaType.MULTIPART_FORM_DATA)
                .body(form)
                .exchange((request, response) -> response.getStatusCode().value(), true);
    }

    private LoanSteps steps() {
        return new LoanSteps(api);
    }
}
