package com.loanflow.web;

import static com.loanflow.support.StaffUsers.INTEGRATOR;
import static com.loanflow.support.StaffUsers.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.loanflow.support.ApiClient;
import com.loanflow.support.LoanSteps;
import com.loanflow.support.PostgresIntegrationTest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;

/**
 * Borrowers reach their own loan through a token the borrower app's backend asks for: notices, read acknowledgement,
 * contacts, loan view, schedule and certificate of that loan, and nothing of anyone else's.
 */
class BorrowerAccessIT extends PostgresIntegrationTest {

    @Autowired
    private BorrowerTokens tokens;

    @Autowired
    private Clock clock;

    private String loanA;
    private String loanB;
    private String noticeA;
    private String noticeB;
    private String tokenA;

    @BeforeEach
    void twoBorrowersWithANoticeEach() {
        LoanSteps steps = new LoanSteps(api);
        loanA = steps.apply("123");
        loanB = steps.apply("123");
        noticeA = awaitFirstNotice(loanA);
        noticeB = awaitFirstNotice(loanB);
        tokenA = steps.borrowerToken(loanA);
    }

    @Test
    void givenALoan_whenTheIntegratorAsksForABorrowerToken_thenAShortLivedTokenAndTheLinksItOpens() {
        ApiClient.Response issued = api.post("/api/loans/" + loanA + "/borrower-tokens", null, INTEGRATOR, PASSWORD);

        assertThat(issued.status()).as(issued.text()).isEqualTo(201);
        assertThat(issued.headers().getCacheControl()).contains("no-store");
        JsonNode body = issued.json();
        assertThat(body.get("tokenType").asText()).isEqualTo("Bearer");
        assertThat(body.get("loanId").asText()).isEqualTo(loanA);
        assertThat(Instant.parse(body.get("expiresAt").asText()))
                .isBetween(clock.instant().plus(Duration.ofMinutes(29)), clock.instant().plus(Duration.ofMinutes(31)));
        assertThat(body.get("links").get("notices").asText()).isEqualTo("/api/loans/" + loanA + "/notices");
        assertThat(body.get("links").get("certificate").asText())
                .isEqualTo("/api/loans/" + loanA + "/settlement-certificate?token=" + body.get("token").asText());
        assertThat(api.post("/api/loans/LN-NOSUCHLOAN/borrower-tokens", null, INTEGRATOR, PASSWORD).status())
                .isEqualTo(404);
    }

    @Test
    void givenBorrowerToken_whenReadingTheirOwnLoan_thenLoanScheduleNoticesAndEachNoticeAnswer() {
        assertThat(asBorrower(HttpMethod.GET, "/api/loans/" + loanA, tokenA).json().get("loanId").asText())
                .isEqualTo(loanA);
        assertThat(asBorrower(HttpMethod.GET, "/api/loans/" + loanA + "/schedule", tokenA).json()
                .get("instalments")).hasSize(36);
        assertThat(asBorrower(HttpMethod.GET, "/api/loans/" + loanA + "/notices", tokenA).json()
                .findValuesAsText("noticeId")).contains(noticeA).doesNotContain(noticeB);
        assertThat(asBorrower(HttpMethod.GET, "/api/notices/" + noticeA, tokenA).json().get("loanId").asText())
                .isEqualTo(loanA);
        ApiClient.Response certificate = api.get("/api/loans/" + loanA + "/settlement-certificate?token=" + tokenA,
                null, null);
        assertThat(certificate.status()).as("the link is let through; the loan is not settled yet").isEqualTo(409);
    }

    @Test
    void givenBorrowerToken_whenReachingForAnotherBorrowersNotice_thenRefusedExactlyLikeANoticeThatDoesNotExist() {
        ApiClient.Response other = asBorrower(HttpMethod.GET, "/api/notices/" + noticeB, tokenA);
        ApiClient.Response unknown = asBorrower(HttpMethod.GET, "/api/notices/NT-NOSUCHNOTICE", tokenA);

        assertThat(other.status()).isEqualTo(403);
        assertThat(other.text()).doesNotContain(loanB);
        assertThat(unknown.status()).isEqualTo(403);
        assertThat(other.json().get("detail")).isEqualTo(unknown.json().get("detail"));
        assertThat(other.json().get("type").asText()).isEqualTo("urn:loanflow:problem:forbidden");
    }

    @Test
    void givenBorrowerToken_whenActingOnAnotherBorrowersLoan_thenRefusedAndNothingChanges() {
        String readAt = OffsetDateTime.now(ZoneOffset.ofHours(8)).toString();
        String contactsBefore = contacts(loanB);

        assertThat(asBorrower(HttpMethod.POST, "/api/notices/" + noticeB + "/read", Map.of("readAt", readAt), tokenA)
                .status()).isEqualTo(403);
        assertThat(asBorrower(HttpMethod.PUT, "/api/loans/" + loanB + "/contacts", Map.of("phone", "+8613911112222"),
                tokenA).status()).isEqualTo(403);
        for (String path : List.of("", "/schedule", "/notices", "/settlement-certificate")) {
            assertThat(asBorrower(HttpMethod.GET, "/api/loans/" + loanB + path, tokenA).status()).as(path)
                    .isEqualTo(403);
        }
        assertThat(api.get("/api/loans/" + loanB + "/settlement-certificate?token=" + tokenA, null, null).status())
                .isEqualTo(403);
        assertThat(api.get("/api/notices/" + noticeB, INTEGRATOR, PASSWORD).json().hasNonNull("readAt")).isFalse();
        assertThat(contacts(loanB)).isEqualTo(contactsBefore);
    }

    @Test
    void givenBorrowerToken_whenCallingWhatOnlySystemsAndStaffMay_thenRefused() {
        long repayments = count("repayment");

        assertThat(asBorrower(HttpMethod.POST, "/api/loans/" + loanA + "/repayments", Map.of("transactionId", "TX-b",
                "amount", 1, "paidAt", OffsetDateTime.now().toString(), "channel", "BANK_TRANSFER"), tokenA).status())
                .isEqualTo(403);
        assertThat(asBorrower(HttpMethod.POST, "/api/loans/" + loanA + "/borrower-tokens", tokenA).status())
                .isEqualTo(403);
        assertThat(asBorrower(HttpMethod.GET, "/api/loans/" + loanA + "/ledger", tokenA).status()).isEqualTo(403);
        assertThat(asBorrower(HttpMethod.GET, "/api/sandbox/outbox?loanId=" + loanA, tokenA).status()).isEqualTo(403);
        assertThat(asBorrower(HttpMethod.GET, "/engine-rest/task", tokenA).status())
                .as("the engine knows no borrowers").isEqualTo(401);
        assertThat(api.get("/api/loans/" + loanA + "?token=" + tokenA, null, null).status())
                .as("a token in the URL opens only the certificate link").isEqualTo(401);
        assertThat(count("repayment")).isEqualTo(repayments);
    }

    @Test
    void givenExpiredForgedOrAlteredToken_whenUsed_thenUnauthorizedAsAnInvalidToken() {
        String borrowerA = jdbc.sql("select borrower_id from loan where id = :id").param("id", loanA)
                .query(String.class).single();
        String expired = tokens.issue(borrowerA, loanA, clock.instant().minus(Duration.ofMinutes(30)).minusSeconds(1))
                .token();
        String otherKey = new BorrowerTokens(new BorrowerTokenSettings("another key of at least thirty-two bytes",
                Duration.ofMinutes(30), false), clock).issue(borrowerA, loanA).token();
        String[] parts = tokenA.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8);
        String alteredToLoanB = Base64.getUrlEncoder().withoutPadding().encodeToString(
                payload.replace(loanA, loanB).getBytes(StandardCharsets.UTF_8)) + "." + parts[1];

        for (String token : List.of(expired, otherKey, alteredToLoanB, parts[0], "not-a-token", tokenA + "x")) {
            ApiClient.Response response = asBorrower(HttpMethod.GET, "/api/loans/" + loanA + "/notices", token);
            assertThat(response.status()).as(token).isEqualTo(401);
            assertThat(response.headers().getFirst("WWW-Authenticate")).startsWith("Bearer")
                    .contains("error=\"invalid_token\"");
            assertThat(response.json().get("type").asText()).isEqualTo("urn:loanflow:problem:invalid-borrower-token");
        }
        assertThat(asBorrower(HttpMethod.GET, "/api/loans/" + loanB + "/notices", alteredToLoanB).status())
                .isEqualTo(401);
        assertThat(api.get("/api/loans/" + loanA + "/settlement-certificate?token=" + expired, null, null).status())
                .isEqualTo(401);
    }

    @Test
    void givenBorrowerToken_whenAcknowledgingTheirNoticeTwice_thenReadOnceAndTheReplayChangesNothing() {
        String readAt = OffsetDateTime.now(ZoneOffset.ofHours(8)).minusSeconds(5).toString();

        ApiClient.Response read = asBorrower(HttpMethod.POST, "/api/notices/" + noticeA + "/read",
                Map.of("readAt", readAt), tokenA);
        ApiClient.Response replay = asBorrower(HttpMethod.POST, "/api/notices/" + noticeA + "/read",
                Map.of("readAt", OffsetDateTime.now(ZoneOffset.ofHours(8)).toString()), tokenA);

        assertThat(read.status()).as(read.text()).isEqualTo(200);
        assertThat(replay.status()).as(replay.text()).isEqualTo(200);
        assertThat(read.json().get("status").asText()).isEqualTo("READ");
        assertThat(replay.json().get("readAt")).isEqualTo(read.json().get("readAt"));
    }

    @Test
    void givenBorrowerToken_whenChangingTheirContacts_thenStoredAndShownMasked() {
        ApiClient.Response changed = asBorrower(HttpMethod.PUT, "/api/loans/" + loanA + "/contacts",
                Map.of("phone", "+8613911112222"), tokenA);

        assertThat(changed.status()).as(changed.text()).isEqualTo(200);
        assertThat(asBorrower(HttpMethod.GET, "/api/loans/" + loanA, tokenA).json().get("applicant").get("phone")
                .asText()).isEqualTo("+86139****2222");
    }

    private ApiClient.Response asBorrower(HttpMethod method, String path, String token) {
        return asBorrower(method, path, null, token);
    }

    private ApiClient.Response asBorrower(HttpMethod method, String path, Object body, String token) {
        return api.asBorrower(method, path, body, token);
    }

    private String contacts(String loanId) {
        return jdbc.sql("""
                select string_agg(c.channel || '=' || c.address || '/' || c.status, ',' order by c.channel)
                from borrower_contact c join loan l on l.borrower_id = c.borrower_id where l.id = :id""")
                .param("id", loanId).query(String.class).single();
    }

    private String awaitFirstNotice(String loanId) {
        List<String> found = new ArrayList<>();
        await().atMost(LoanSteps.PATIENCE).until(() -> {
            api.get("/api/loans/" + loanId + "/notices", INTEGRATOR, PASSWORD).json()
                    .forEach(n -> found.add(n.get("noticeId").asText()));
            return !found.isEmpty();
        });
        return found.get(0);
    }
}
