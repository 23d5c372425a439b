package com.loanflow.web;

import static com.loanflow.support.StaffUsers.INTEGRATOR;
import static com.loanflow.support.StaffUsers.MONITORING;
import static com.loanflow.support.StaffUsers.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import com.loanflow.support.ApiClient;
import com.loanflow.support.PostgresIntegrationTest;
import com.loanflow.support.TestApplications;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.camunda.bpm.engine.identity.User;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpMethod;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Who may call what: every API needs credentials (HTTP Basic of a user in the engine's identity service, or a
 * borrower token where borrowers are served), each group reaches only its own endpoints, only health is public, and
 * the first-admin setup is closed. The engine's own authorizations are in {@code EngineAuthorizationIT}, borrower
 * tokens in {@code BorrowerAccessIT}.
 */
class SecurityIT extends PostgresIntegrationTest {

    /** Not LoanFlow's MVC controllers, or not there yet (the KPI report): listed by hand. */
    private static final List<String> OTHER_ENDPOINTS = List.of(
            "GET /engine-rest/process-definition", "GET /engine-rest/task", "GET /engine-rest/process-instance",
            "GET /engine-rest/user", "POST /engine-rest/deployment/create", "POST /engine-rest/task/T-1/complete",
            "GET /actuator/metrics", "GET /actuator/metrics/jvm.memory.used", "GET /actuator/prometheus",
            "GET /actuator/info", "GET /actuator/env", "GET /api/reports/kpi", "GET /api/reports/kpi/settlement-notices",
            "GET /reports/kpi", "GET /api/not-an-endpoint");

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    private RequestMappingHandlerMapping mappings;

    @Test
    void givenNoCredentials_whenCallingAnyApiEngineRestOrActuatorEndpointButHealth_thenUnauthorizedWithChallenge() {
        List<String> endpoints = new ArrayList<>(apiEndpoints());
        assertThat(endpoints).as("LoanFlow's own endpoints, read from Spring MVC").contains(
                "POST /api/applications", "GET /api/loans/{loanId}", "POST /api/loans/{loanId}/repayments",
                "GET /api/notices/{noticeId}", "POST /api/notices/{noticeId}/read", "PUT /api/loans/{loanId}/contacts",
                "GET /api/loans/{loanId}/settlement-certificate", "POST /api/loans/{loanId}/borrower-tokens",
                "GET /api/sandbox/outbox");
        endpoints.addAll(OTHER_ENDPOINTS);
        long loans = count("loan");

        SoftAssertions softly = new SoftAssertions();
        for (String endpoint : endpoints) {
            String[] methodAndPath = endpoint.split(" ");
            HttpMethod method = HttpMethod.valueOf(methodAndPath[0]);
            String path = methodAndPath[1].replaceAll("\\{[^}]+}", "X-1");
            ApiClient.Response response = api.exchange(method, path, method == HttpMethod.GET ? null : "{}", null, null);
            softly.assertThat(response.status()).as(endpoint).isEqualTo(401);
            softly.assertThat(response.headers().getFirst("WWW-Authenticate")).as(endpoint).startsWith("Basic");
            softly.assertThat(response.contentType()).as(endpoint).startsWith("application/problem+json");
        }
        softly.assertAll();
        assertThat(count("loan")).isEqualTo(loans);
    }

    /** Every {@code /api} mapping but the webhooks, which providers sign instead. */
    private List<String> apiEndpoints() {
        List<String> endpoints = new ArrayList<>();
        mappings.getHandlerMethods().keySet().forEach(info -> info.getPatternValues().stream()
                .filter(pattern -> pattern.startsWith("/api/") && !pattern.startsWith("/api/webhooks/"))
                .forEach(pattern -> {
                    var methods = info.getMethodsCondition().getMethods();
                    (methods.isEmpty() ? List.of(RequestMethod.GET) : methods)
                            .forEach(method -> endpoints.add(method.name() + " " + pattern));
                }));
        return endpoints;
    }

    /**
     * Unknown ids throughout: a caller the rules let through gets the endpoint's own answer (404, 400, …), one they
     * stop gets 403, and nothing is ever changed.
     */
    @ParameterizedTest(name = "{0} {1} {2} → {3}")
    @CsvSource({
        // Money movements and borrower links come from the integration systems only.
        "corebanking,    POST, /api/loans/LN-NONE/repayments,                allowed",
        "agent,          POST, /api/loans/LN-NONE/repayments,                forbidden",
        "servicemanager, POST, /api/loans/LN-NONE/repayments/TX-1/reversal,  forbidden",
        "officer,        POST, /api/applications,                            forbidden",
        "backoffice,     POST, /api/loans/LN-NONE/contract-signature,        forbidden",
        "corebanking,    POST, /api/loans/LN-NONE/borrower-tokens,           allowed",
        "agent,          POST, /api/loans/LN-NONE/borrower-tokens,           forbidden",
        // Every staff member reads loans and notices: any of them may take a borrower's call.
        "agent,          GET,  /api/loans/LN-NONE,                           allowed",
        "officer,        GET,  /api/loans/LN-NONE/schedule,                  allowed",
        "backoffice,     GET,  /api/loans/LN-NONE/ledger,                    allowed",
        "riskmanager,    GET,  /api/loans/LN-NONE/payoff-quote,              allowed",
        "servicemanager, GET,  /api/notices/NT-NONE,                         allowed",
        "agent,          GET,  /api/loans/LN-NONE/settlement-certificate,    allowed",
        "prometheus,     GET,  /api/loans/LN-NONE,                           forbidden",
        // Contacts: the integration systems and the agent who took the borrower's call.
        "agent,          PUT,  /api/loans/LN-NONE/contacts,                  allowed",
        "corebanking,    PUT,  /api/loans/LN-NONE/contacts,                  allowed",
        "officer,        PUT,  /api/loans/LN-NONE/contacts,                  forbidden",
        // The read acknowledgement is the borrower's own, not even an administrator's.
        "corebanking,    POST, /api/notices/NT-NONE/read,                    forbidden",
        "agent,          POST, /api/notices/NT-NONE/read,                    forbidden",
        "admin,          POST, /api/notices/NT-NONE/read,                    forbidden",
        "corebanking,    GET,  /api/sandbox/outbox,                          allowed",
        "officer,        GET,  /api/sandbox/outbox,                          forbidden",
        // Reports and metrics: managers, and the Prometheus scraper for metrics.
        "servicemanager, GET,  /api/reports/kpi,                             allowed",
        "riskmanager,    GET,  /reports/kpi,                                 allowed",
        "corebanking,    GET,  /api/reports/kpi,                             forbidden",
        "agent,          GET,  /reports/kpi,                                 forbidden",
        "riskmanager,    GET,  /actuator/metrics,                            allowed",
        "prometheus,     GET,  /actuator/metrics,                            allowed",
        "prometheus,     GET,  /actuator/prometheus,                         allowed",
        "corebanking,    GET,  /actuator/metrics,                            forbidden",
        "officer,        GET,  /actuator/prometheus,                         forbidden",
        // An endpoint nobody wrote a rule for is the administrators' until someone does.
        "corebanking,    GET,  /api/not-an-endpoint,                         forbidden",
        "admin,          GET,  /api/not-an-endpoint,                         allowed"
    })
    void givenAUserOfAGroup_whenCallingAnEndpoint_thenOnlyTheirGroupsEndpointsAnswer(String user, HttpMethod method,
            String path, String expected) {
        long loans = count("loan");

        ApiClient.Response response = api.exchange(method, path, method == HttpMethod.GET ? null : "{}", user,
                user.equals(ADMIN) ? ADMIN_PASSWORD : PASSWORD);

        if (expected.equals("forbidden")) {
            assertThat(response.status()).as(response.text()).isEqualTo(403);
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.json().get("type").asText()).isEqualTo("urn:loanflow:problem:forbidden");
        } else {
            assertThat(response.status()).as(response.text()).isNotIn(401, 403).isLessThan(500);
        }
        assertThat(count("loan")).isEqualTo(loans);
    }

    /** The signature in the body or URL is the provider's credential; headers of its own must not stand in the way. */
    @Test
    void givenAProviderSendingAnAuthorizationHeaderOfItsOwn_whenPostingAReceipt_thenTheWebhookAnswersIt() {
        // No receipt provider is enabled in this context: reaching the controller means "unknown provider".
        ApiClient.Response basic = api.post("/api/webhooks/email/receipts", "{}", "provider", "callback-secret");
        ApiClient.Response bearer = api.asBorrower(HttpMethod.POST, "/api/webhooks/email/receipts", "{}", "abc.def");

        for (ApiClient.Response answer : List.of(basic, bearer)) {
            assertThat(answer.status()).as(answer.text()).isEqualTo(404);
            assertThat(answer.json().get("type").asText()).isEqualTo("urn:loanflow:problem:not-found");
        }
    }

    @Test
    void givenWrongPassword_whenApplying_thenUnauthorizedAndNothingStored() {
        // Its own user: a failed login locks the user out for a while (the engine's brute-force protection).
        if (identityService.createUserQuery().userId("guesser").count() == 0) {
            User guesser = identityService.newUser("guesser");
            guesser.setPassword("the-Right-pw-9");
            identityService.saveUser(guesser);
            identityService.createMembership("guesser", "integration");
        }
        long loans = count("loan");

        ApiClient.Response response = api.post("/api/applications", TestApplications.application("123"),
                "guesser", "wrong-password");

        assertThat(response.status()).isEqualTo(401);
        assertThat(count("loan")).isEqualTo(loans);
    }

    @Test
    void givenNoCredentials_whenApplying_thenUnauthorizedAndNothingStored() {
        long loans = count("loan");

        assertThat(api.post("/api/applications", TestApplications.application("123"), null, null).status())
                .isEqualTo(401);
        assertThat(count("loan")).isEqualTo(loans);
    }

    @Test
    void givenAnyone_whenCheckingHealth_thenStatusWithoutCredentialsAndDetailsOnlyForMetricsReaders() {
        ApiClient.Response anonymous = api.get("/actuator/health", null, null);
        ApiClient.Response integrator = api.get("/actuator/health", INTEGRATOR, PASSWORD);
        ApiClient.Response scraper = api.get("/actuator/health", MONITORING, PASSWORD);

        assertThat(anonymous.status()).isEqualTo(200);
        assertThat(anonymous.json().get("status").asText()).isEqualTo("UP");
        assertThat(anonymous.json().has("components")).as("no details for anonymous callers").isFalse();
        assertThat(api.get("/actuator/health/liveness", null, null).status()).isEqualTo(200);
        assertThat(integrator.json().has("components")).as("no details for integrators").isFalse();
        assertThat(scraper.json().get("components").has("db")).isTrue();
    }

    @Test
    void givenMonitoringPasswordConfigured_whenStarted_thenTheScraperUserIsInTheMonitoringGroupOnly() {
        assertThat(identityService.checkPassword(MONITORING, PASSWORD)).isTrue();
        assertThat(identityService.createGroupQuery().groupMember(MONITORING).list())
                .extracting(group -> group.getId()).containsExactly("monitoring");
    }

    @Test
    void givenAdministratorExists_whenSomeoneTriesTheFirstAdminSetup_thenRefusedAndNoUserCreated() {
        long users = identityService.createUserQuery().count();

        ApiClient.Response response = api.post("/camunda/api/admin/setup/default/user/create",
                Map.of("profile", Map.of("id", "intruder", "firstName", "I", "lastName", "N", "email", "i@example.com"),
                        "credentials", Map.of("password", "intruder-pw-123")), null, null);

        assertThat(response.status()).isIn(401, 403);
        assertThat(identityService.createUserQuery().count()).isEqualTo(users);
        assertThat(identityService.createUserQuery().userId("intruder").count()).isZero();
    }

    @Test
    void givenConfiguredAdministratorPassword_whenLoggingIn_thenAdministratorIsInCamundaAdmin() {
        assertThat(identityService.checkPassword(ADMIN, ADMIN_PASSWORD)).isTrue();
        assertThat(identityService.createUserQuery().memberOfGroup("camunda-admin").userId(ADMIN).count()).isEqualTo(1);
        assertThat(identityService.createUserQuery().userId("demo").count()).isZero();
    }
}
