package com.loanflow.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.loanflow.support.ApiClient;
import com.loanflow.support.PostgresIntegrationTest;
import com.loanflow.support.TestApplications;
import java.util.Map;
import org.camunda.bpm.engine.identity.User;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every API needs HTTP Basic credentials of a user in the engine's identity service; the admin setup is closed. */
class SecurityIT extends PostgresIntegrationTest {

    @ParameterizedTest
    @ValueSource(strings = {"/api/loans/LN-ANY", "/api/sandbox/outbox", "/engine-rest/process-definition",
            "/engine-rest/task", "/actuator/metrics", "/actuator/info"})
    void givenNoCredentials_whenCallingAnApi_thenUnauthorizedWithChallenge(String path) {
        ApiClient.Response response = api.get(path, null, null);

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.headers().getFirst("WWW-Authenticate")).startsWith("Basic");
        assertThat(response.contentType()).startsWith("application/problem+json");
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
    void givenAnyone_whenCheckingHealth_thenAnsweredWithoutCredentials() {
        ApiClient.Response response = api.get("/actuator/health", null, null);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("status").asText()).isEqualTo("UP");
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
