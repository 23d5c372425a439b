package com.loanflow.notice.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.loanflow.notice.delivery.DeliveryServers.ALIYUN;
import static com.loanflow.notice.delivery.DeliveryServers.TWILIO;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The SMS primary (Aliyun) is down: every SMS still goes out, through the backup (Twilio), and Twilio's signed status
 * callback confirms it. Repeated failures open the primary's circuit breaker, so later messages go straight to the
 * backup; once Aliyun answers again, traffic returns to it.
 */
class SmsFailoverDeliveryIT extends DeliveryIntegrationTest {

    private static final String APPLICATION_APPROVED = "APPLICATION_APPROVED";

    private static StubMapping aliyunDown() {
        return ALIYUN.stubFor(post(urlEqualTo("/")).atPriority(1).willReturn(aResponse().withStatus(500)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"Code\": \"InternalError\", \"Message\": \"The request processing has failed due to some"
                        + " unknown error.\", \"RequestId\": \"E0C5B5E5-0000-4000-8000-000000000500\"}")));
    }

    @Test
    void givenAliyunAnswers500_whenANoticeGoesBySms_thenTwilioCarriesItAndItsSignedCallbackConfirmsTheNotice() {
        aliyunDown();
        Borrower borrower = newBorrower(false);
        TestLoan loan = applyFor(borrower, List.of("SMS"));
        String noticeId = awaitNotice(loan.loanId(), APPLICATION_RECEIVED);

        JsonNode sent = awaitAttempt(noticeId, "SMS", "SENT");

        String attemptId = sent.get("attemptId").asText();
        assertThat(sent.get("provider").asText()).isEqualTo("twilio");
        assertThat(sent.get("address").asText()).as("masked")
                .isEqualTo(borrower.phone().substring(0, 6) + "****" + borrower.phone().substring(10));
        // Aliyun was asked first, with the attempt id as its OutId, and refused.
        assertThat(count(ALIYUN, aliyunSendSms(attemptId))).isEqualTo(1);
        List<LoggedRequest> twilio = TWILIO.findAll(twilioMessage(attemptId));
        assertThat(twilio).hasSize(1);
        Map<String, String> form = form(twilio.get(0));
        assertThat(form).containsEntry("To", borrower.phone()).containsEntry("From", TWILIO_FROM)
                .containsEntry("StatusCallback", PUBLIC_URL + "/api/webhooks/twilio/receipts?attemptId=" + attemptId);
        assertThat(form.get("Body")).contains(loan.loanId());
        assertThat(twilio.get(0).getHeader("Authorization")).isEqualTo("Basic " + Base64.getEncoder()
                .encodeToString((TWILIO_ACCOUNT_SID + ":" + TWILIO_AUTH_TOKEN).getBytes(UTF_8)));
        assertThat(notice(noticeId).get("status").asText()).isEqualTo("SENT");

        String messageSid = sent.get("providerMessageId").asText();
        assertThat(messageSid).startsWith("SM");
        WebhookAnswer callback = postTwilio(form.get("StatusCallback"),
                twilioStatus(messageSid, borrower.phone(), "delivered", null), TWILIO_AUTH_TOKEN);

        assertThat(callback.status()).as(callback.text()).isEqualTo(204);
        JsonNode delivered = awaitNoticeStatus(noticeId, "DELIVERED");
        assertThat(delivered.hasNonNull("confirmedAt")).as(delivered.toString()).isTrue();
        assertThat(attempts(delivered)).as("no other channel was needed").hasSize(1);
        JsonNode attempt = attempt(delivered, attemptId);
        assertThat(attempt.get("status").asText()).isEqualTo("DELIVERED");
        assertThat(attempt.hasNonNull("deliveredAt")).isTrue();
        assertThat(attempt.get("receipts")).singleElement().satisfies(receipt -> {
            assertThat(receipt.get("provider").asText()).isEqualTo("twilio");
            assertThat(receipt.get("outcome").asText()).isEqualTo("DELIVERED");
        });
        assertThat(notices(loan.loanId())).filteredOn(n -> n.get("noticeId").asText().equals(noticeId))
                .singleElement().satisfies(n -> assertThat(n.get("status").asText()).isEqualTo("DELIVERED"));
    }

    @Test
    void givenRepeatedAliyunFailures_whenMoreSmsGoOut_thenTheBreakerSendsThemStraightToTwilioUntilAliyunRecovers() {
        StubMapping down = aliyunDown();
        // The first loan's two notices (received, approved) both go by SMS: two failures at Aliyun open its breaker
        // (minimum calls 2, failure rate 50 %).
        TestLoan first = applyFor(newBorrower(false), List.of("SMS"));
        String firstReceived = awaitAttempt(awaitNotice(first.loanId(), APPLICATION_RECEIVED), "SMS", "SENT")
                .get("attemptId").asText();
        String firstApproved = awaitAttempt(awaitNotice(first.loanId(), APPLICATION_APPROVED), "SMS", "SENT")
                .get("attemptId").asText();
        Instant breakerOpened = Instant.now();
        assertThat(count(ALIYUN, aliyunSendSms(firstReceived))).isEqualTo(1);
        assertThat(count(ALIYUN, aliyunSendSms(firstApproved))).isEqualTo(1);
        assertThat(count(TWILIO, twilioMessage(firstReceived))).isEqualTo(1);
        assertThat(count(TWILIO, twilioMessage(firstApproved))).isEqualTo(1);

        // Breaker open: the next SMS does not wait for Aliyun to fail, it goes to Twilio at once.
        TestLoan second = applyFor(newBorrower(false), List.of("SMS"));
        JsonNode secondReceived = awaitAttempt(awaitNotice(second.loanId(), APPLICATION_RECEIVED), "SMS", "SENT");
        String secondAttempt = secondReceived.get("attemptId").asText();
        assertThat(Duration.between(breakerOpened, Instant.now())).as("still within the breaker's open state")
                .isLessThan(BREAKER_OPEN);
        assertThat(secondReceived.get("provider").asText()).isEqualTo("twilio");
        assertThat(count(ALIYUN, aliyunSendSms(secondAttempt))).as("Aliyun not asked while its breaker is open")
                .isZero();
        assertThat(count(TWILIO, twilioMessage(secondAttempt))).isEqualTo(1);

        // Aliyun answers again. Once the open state has passed, a trial message goes to Aliyun and closes the breaker.
        ALIYUN.removeStub(down);
        awaitAttempt(awaitNotice(second.loanId(), APPLICATION_APPROVED), "SMS", "SENT");
        Instant halfOpen = breakerOpened.plus(BREAKER_OPEN).plusMillis(200);
        await().atMost(BREAKER_OPEN.plusSeconds(5)).pollInterval(Duration.ofMillis(50))
                .until(() -> Instant.now().isAfter(halfOpen));
        TestLoan third = applyFor(newBorrower(false), List.of("SMS"));
        JsonNode thirdReceived = awaitAttempt(awaitNotice(third.loanId(), APPLICATION_RECEIVED), "SMS", "SENT");
        JsonNode thirdApproved = awaitAttempt(awaitNotice(third.loanId(), APPLICATION_APPROVED), "SMS", "SENT");

        for (JsonNode attempt : List.of(thirdReceived, thirdApproved)) {
            String attemptId = attempt.get("attemptId").asText();
            assertThat(attempt.get("provider").asText()).as(attempt.toString()).isEqualTo("aliyun-sms");
            assertThat(count(ALIYUN, aliyunSendSms(attemptId))).isEqualTo(1);
            assertThat(count(TWILIO, twilioMessage(attemptId))).isZero();
        }
    }
}
