package com.loanflow.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Tasklist and Cockpit take the administrator's login, as a browser does it (session cookie and CSRF token). */
class WebappLoginIT extends PostgresIntegrationTest {

    @LocalServerPort
    int port;

    @ParameterizedTest
    @ValueSource(strings = {"tasklist", "cockpit", "admin"})
    void givenAdministrator_whenLoggingInToAWebapp_thenLoggedInAndAuthorizedForIt(String app) throws Exception {
        Browser browser = new Browser();
        browser.get("/camunda/app/" + app + "/default/");

        HttpResponse<String> login = browser.login(app, ADMIN, ADMIN_PASSWORD);

        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        var body = new ObjectMapper().readTree(login.body());
        assertThat(body.get("userId").asText()).isEqualTo(ADMIN);
        assertThat(body.get("authorizedApps").toString()).contains(app);
        assertThat(browser.get("/camunda/api/engine/engine/default/task/count").statusCode()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"tasklist"})
    void givenRiskOfficer_whenLoggingInToTasklist_thenLoggedIn(String app) throws Exception {
        Browser browser = new Browser();
        browser.get("/camunda/app/" + app + "/default/");

        assertThat(browser.login(app, StaffUsers.RISK_OFFICER, StaffUsers.PASSWORD).statusCode()).isEqualTo(200);
    }

    /** A cookie-keeping client that sends the webapps' CSRF token back, like the Camunda front end. */
    private final class Browser {

        private final CookieManager cookies = new CookieManager();
        private final HttpClient http = HttpClient.newBuilder().cookieHandler(cookies).build();

        HttpResponse<String> get(String path) throws Exception {
            return http.send(HttpRequest.newBuilder(uri(path)).header("X-XSRF-TOKEN", csrf()).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
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
