package com.loanflow.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.loanflow.support.LoanSteps;
import com.loanflow.support.PostgresIntegrationTest;
import com.loanflow.support.StaffUsers;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The webapps as a browser uses them (session cookie and CSRF token): each group gets into the apps of its work only,
 * and a staff member works their task in Tasklist with the completion audited under their name.
 */
class WebappLoginIT extends PostgresIntegrationTest {

    /** The engine REST API as the webapps call it, with the session of the user logged in to them. */
    private static final String ENGINE = "/camunda/api/engine/engine/default";
    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;

    @ParameterizedTest
    @ValueSource(strings = {"tasklist", "cockpit", "admin"})
    void givenAdministrator_whenLoggingInToAWebapp_thenLoggedInAndAuthorizedForIt(String app) throws Exception {
        Browser browser = new Browser();
        browser.get("/camunda/app/" + app + "/default/");

        HttpResponse<String> login = browser.login(app, ADMIN, ADMIN_PASSWORD);

        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        var body = JSON.readTree(login.body());
        assertThat(body.get("userId").asText()).isEqualTo(ADMIN);
        assertThat(body.get("authorizedApps").toString()).contains(app);
        assertThat(browser.get("/camunda/api/engine/engine/default/task/count").statusCode()).isEqualTo(200);
    }

    @Test
    void givenRiskOfficer_whenWorkingInTasklist_thenTheAllTasksFilterShowsTheReviewAndCompletingItIsAudited()
            throws Exception {
        LoanSteps steps = new LoanSteps(api);
        String loanId = steps.apply("003");
        steps.awaitStatus(loanId, "MANUAL_REVIEW");
        String taskId = steps.openTask(loanId, "Task_ReviewApplication").get("id").asText();
        // The notices of the loan go on in the background; completing meanwhile could collide with them.
        awaitEngineIdle();
        Browser browser = new Browser();
        browser.get("/camunda/app/tasklist/default/");
        assertThat(browser.login("tasklist", StaffUsers.RISK_OFFICER, StaffUsers.PASSWORD).statusCode()).isEqualTo(200);

        JsonNode filters = JSON.readTree(browser.get(ENGINE + "/filter?resourceType=Task").body());
        String allTasks = null;
        for (JsonNode filter : filters) {
            if (filter.path("name").asText().equals("All tasks")) {
                allTasks = filter.get("id").asText();
            }
        }
        assertThat(allTasks).as("the All tasks filter in %s", filters).isNotNull();
        HttpResponse<String> listed = browser.post(ENGINE + "/filter/" + allTasks + "/list?firstResult=0&maxResults=500",
                "{\"processInstanceBusinessKey\": \"" + loanId + "\"}");
        assertThat(JSON.readTree(listed.body()).findValuesAsText("id")).as(listed.body()).containsExactly(taskId);

        HttpResponse<String> submitted = browser.post(ENGINE + "/task/" + taskId + "/submit-form",
                "{\"variables\": {\"reviewDecision\": {\"value\": \"APPROVE\"}}}");

        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(204);
        assertThat(jdbc.sql("select completed_by || '/' || outcome from task_audit where task_id = :id")
                .param("id", taskId).query(String.class).single()).isEqualTo(StaffUsers.RISK_OFFICER + "/APPROVE");
    }

    @ParameterizedTest
    @CsvSource({
        "servicemanager, cockpit,  200",
        "riskmanager,    cockpit,  200",
        "servicemanager, tasklist, 200",
        "agent,          tasklist, 200",
        "agent,          cockpit,  403",
        "backoffice,     admin,    403",
        "servicemanager, admin,    403",
        "corebanking,    tasklist, 403",
        "prometheus,     cockpit,  403"
    })
    void givenAUserOfAGroup_whenLoggingInToAWebapp_thenOnlyTheAppsOfTheirWorkLetThemIn(String user, String app,
            int status) throws Exception {
        Browser browser = new Browser();
        browser.get("/camunda/app/" + app + "/default/");

        assertThat(browser.login(app, user, StaffUsers.PASSWORD).statusCode()).isEqualTo(status);
    }

    /** A cookie-keeping client that sends the webapps' CSRF token back, like the Camunda front end. */
    private final class Browser {

        private final CookieManager cookies = new CookieManager();
        private final HttpClient http = HttpClient.newBuilder().cookieHandler(cookies).build();

        HttpResponse<String> get(String path) throws Exception {
            return http.send(HttpRequest.newBuilder(uri(path)).header("X-XSRF-TOKEN", csrf()).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> post(String path, String json) throws Exception {
            return http.send(HttpRequest.newBuilder(uri(path)).header("X-XSRF-TOKEN", csrf())
                    .header("Content-Type", "application/json").header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> login(String app, String user, String password) throws Exception {
            String form = "username=" + URLEncoder.encode(user, StandardCharsets.UTF_8)
                    + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8);
            return http.send(HttpRequest.newBuilder(uri("/camunda/api/admin/auth/user/default/login/" + app))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("X-XSRF-TOKEN", csrf())
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        }

        private String csrf() {
            return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("XSRF-TOKEN"))
                    .map(HttpCookie::getValue).findFirst().orElse("");
        }

        private URI uri(String path) {
            return URI.create("http://localhost:" + port + path);
        }
    }
}
