package com.loanflow.notice.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.loanflow.notice.delivery.DeliveryServers.ALIYUN;
import static com.loanflow.notice.delivery.DeliveryServers.TWILIO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.loanflow.support.ApiClient;
import com.loanflow.support.LoanSteps;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * Receipts whenever they come: before the send that produced the message has committed, twice, or after delivery
 * has moved on. Each is recorded once, none sends anything, and a final state is not undone.
 */
class ReceiptTimingDeliveryIT extends DeliveryIntegrationTest {

    private static final String ALIYUN_ACK = "{\"code\":0,\"msg\":\"成功\"}";
    private static final Duration SLOW_GATEWAY = Duration.ofSeconds(3);

    @Test
    void givenSlowAliyun_whenTheReceiptArrivesBeforeTheSendCommits_thenItIsAppliedOnceAndTheNoticeEndsDelivered() {
        Borrower borrower = newBorrower(false);
        String bizId = ThreadLocalRandom.current().nextLong(100_000_000_000_000L, 999_999_999_999_999L) + "^0";
        ALIYUN.stubFor(post(urlEqualTo("/")).atPriority(1)
                .withFormParam("PhoneNumbers", equalTo(borrower.aliyunPhone()))
                .withFormParam("TemplateCode", equalTo(RECEIVED_SMS_TEMPLATE))
                .willReturn(okJson("{\"Code\": \"OK\", \"Message\": \"OK\", \"RequestId\": \"R-SLOW\", \"BizId\": \""
                        + bizId + "\"}").withFixedDelay((int) SLOW_GATEWAY.toMillis())));
        TestLoan loan = applyFor(borrower, List.of("SMS"));
        String noticeId = awaitNotice(loan.loanId(), APPLICATION_RECEIVED);

        // The attempt is committed before the send; Aliyun has the request but has not answered yet.
        String attemptId = awaitSendInFlight(loan.loanId());
        WebhookAnswer receipt = postAliyun(ALIYUN_CALLBACK_TOKEN,
                List.of(aliyunReport(borrower, bizId, attemptId, true, "DELIVERED", "用户接收成功")));

        assertThat(receipt.status()).as(receipt.text()).isEqualTo(200);
        assertThat(receipt.text()).isEqualTo(ALIYUN_ACK);
        // The send commits too (it records Aliyun's BizId), whatever order the two transactions took.
        awaitAttempt(noticeId, a -> a.get("attemptId").asText().equals(attemptId) && a.hasNonNull("providerMessageId"),
                "whose send has committed");
        awaitNoticeStatus(noticeId, "DELIVERED");
        awaitEngineIdle();
        JsonNode delivered = notice(noticeId);
        assertThat(delivered.get("status").asText()).as("not set back to SENT by the send").isEqualTo("DELIVERED");
        assertThat(delivered.hasNonNull("confirmedAt")).isTrue();
        assertThat(attempts(delivered)).singleElement().satisfies(attempt -> {
            assertThat(attempt.get("attemptId").asText()).isEqualTo(attemptId);
            assertThat(attempt.get("status").asText()).isEqualTo("DELIVERED");
            assertThat(attempt.get("provider").asText()).isEqualTo("aliyun-sms");
            assertThat(attempt.get("providerMessageId").asText()).isEqualTo(bizId);
            assertThat(attempt.get("receipts")).hasSize(1);
        });
        assertThat(receiptRows(attemptId)).isEqualTo(1);
        assertThat(count(ALIYUN, aliyunSendSms(attemptId))).as("sent once").isEqualTo(1);
        assertThat(count(TWILIO, twilioMessage(attemptId))).as("not failed over").isZero();
    }

    @Test
    void givenAReceiptPostedTwice_whenTheDuplicateArrives_thenOneReceiptNoNewSendAndTheNoticeUnchanged() {
        Borrower borrower = newBorrower(false);
        TestLoan loan = applyFor(borrower, List.of("SMS"));
        String noticeId = awaitNotice(loan.loanId(), APPLICATION_RECEIVED);
        JsonNode sent = awaitAttempt(noticeId, "SMS", "SENT");
        String attemptId = sent.get("attemptId").asText();
        // The loan's other notice is out too: from here on nothing of this loan is on its way to a server.
        awaitAttempt(awaitNotice(loan.loanId(), "APPLICATION_APPROVED"), "SMS", "SENT");
        awaitEngineIdle();
        Traffic before = traffic();
        String report = toJson(List.of(aliyunReport(borrower, sent.get("providerMessageId").asText(), attemptId, true,
                "DELIVERED", "用户接收成功")));

        WebhookAnswer first = postAliyun(ALIYUN_CALLBACK_TOKEN, report);
        assertThat(first.status()).as(first.text()).isEqualTo(200);
        awaitNoticeStatus(noticeId, "DELIVERED");
        awaitEngineIdle();
        JsonNode afterFirst = notice(noticeId);
        WebhookAnswer second = postAliyun(ALIYUN_CALLBACK_TOKEN, report);
        awaitEngineIdle();

        assertThat(second.status()).as(second.text()).isEqualTo(200);
        assertThat(second.text()).isEqualTo(first.text());
        assertThat(receiptRows(attemptId)).isEqualTo(1);
        assertThat(notice(noticeId)).isEqualTo(afterFirst);
        assertThat(attempt(afterFirst, attemptId).get("receipts")).hasSize(1);
        assertThat(traffic()).isEqualTo(before);
    }

    @Test
    void givenDeliveryMovedOnToEmail_whenALateReceiptForTheSmsArrives_thenItIsRecordedOnTheSmsAttemptAndNothingIsSent() {
        Borrower borrower = newBorrower(false);
        TestLoan loan = applyFor(borrower, List.of("SMS", "EMAIL"));
        String noticeId = awaitNotice(loan.loanId(), APPLICATION_RECEIVED);
        JsonNode sms = awaitAttempt(noticeId, "SMS", "SENT");
        String smsAttempt = sms.get("attemptId").asText();

        // No receipt within the SMS step's confirmation timeout (PT15M): delivery moves on to e-mail.
        advanceEngineClock(Duration.ofMinutes(16));
        JsonNode email = awaitAttempt(noticeId, "EMAIL", "SENT");
        assertThat(attempt(notice(noticeId), smsAttempt).get("status").asText()).isEqualTo("NO_RECEIPT");
        assertThat(mailsOf(email.get("attemptId").asText())).hasSize(1);
        awaitEngineIdle();
        Traffic before = traffic();
        JsonNode noticeBefore = notice(noticeId);

        WebhookAnswer late = postAliyun(ALIYUN_CALLBACK_TOKEN, List.of(aliyunReport(borrower,
                sms.get("providerMessageId").asText(), smsAttempt, true, "DELIVERED", "用户接收成功")));

        assertThat(late.status()).as(late.text()).isEqualTo(200);
        awaitEngineIdle();
        JsonNode after = notice(noticeId);
        assertThat(attempt(after, smsAttempt).get("receipts")).singleElement().satisfies(receipt -> {
            assertThat(receipt.get("provider").asText()).isEqualTo("aliyun-sms");
            assertThat(receipt.get("outcome").asText()).isEqualTo("DELIVERED");
        });
        assertThat(receiptRows(smsAttempt)).isEqualTo(1);
        assertThat(attempts(after)).hasSameSizeAs(attempts(noticeBefore));
        assertThat(traffic()).as("nothing sent because of the late receipt").isEqualTo(before);

        // The borrower has the notice: when the e-mail step's timeout (PT2H) passes, delivery does not go on.
        advanceEngineClock(Duration.ofHours(3));
        JsonNode later = notice(noticeId);
        assertThat(later.get("status").asText()).as(later.toString()).isEqualTo("DELIVERED");
        assertThat(later.hasNonNull("confirmedAt")).isTrue();
        assertThat(attempts(later)).as("no further attempt").hasSameSizeAs(attempts(noticeBefore));
    }

    @Test
    void givenTheNoticeConfirmedByEmail_whenALateReceiptForTheEarlierSmsArrives_thenItIsRecordedAndNothingElseHappens() {
        Borrower borrower = newBorrower(false);
        TestLoan loan = applyFor(borrower, List.of("SMS", "EMAIL"));
        String noticeId = awaitNotice(loan.loanId(), APPLICATION_RECEIVED);
        JsonNode sms = awaitAttempt(noticeId, "SMS", "SENT");
        String smsAttempt = sms.get("attemptId").asText();
        advanceEngineClock(Duration.ofMinutes(16));
        String emailAttempt = awaitAttempt(noticeId, "EMAIL", "SENT").get("attemptId").asText();
        WebhookAnswer emailDelivered = postMailgun(mailgunEvent(EMAIL_SIGNING_KEY, engineNow(), "delivered",
                emailAttempt + "@" + MESSAGE_ID_DOMAIN, "mg-" + emailAttempt));
        assertThat(emailDelivered.status()).as(emailDelivered.text()).isEqualTo(204);
        awaitNoticeStatus(noticeId, "DELIVERED");
        awaitEngineIdle();
        Traffic before = traffic();
        JsonNode confirmed = notice(noticeId);

        // The SMS gateway's report comes after the notice was confirmed on e-mail and its delivery has ended.
        WebhookAnswer late = postAliyun(ALIYUN_CALLBACK_TOKEN, List.of(aliyunReport(borrower,
                sms.get("providerMessageId").asText(), smsAttempt, true, "DELIVERED", "用户接收成功")));

        assertThat(late.status()).as(late.text()).isEqualTo(200);
        assertThat(late.text()).isEqualTo(ALIYUN_ACK);
        awaitEngineIdle();
        JsonNode after = notice(noticeId);
        assertThat(attempt(after, smsAttempt).get("receipts")).singleElement()
                .satisfies(receipt -> assertThat(receipt.get("outcome").asText()).isEqualTo("DELIVERED"));
        assertThat(receiptRows(smsAttempt)).isEqualTo(1);
        assertThat(after.get("status").asText()).isEqualTo("DELIVERED");
        assertThat(after.get("confirmedAt")).isEqualTo(confirmed.get("confirmedAt"));
        assertThat(attempts(after)).hasSameSizeAs(attempts(confirmed));
        assertThat(traffic()).isEqualTo(before);
    }

    @Test
    void givenANoticeDeliveredBySms_whenTheBorrowerReadsIt_thenTheReadIsRecordedAndReplaysAreHarmless() {
        Borrower borrower = newBorrower(false);
        TestLoan loan = applyFor(borrower, List.of("SMS"));
        String noticeId = awaitNotice(loan.loanId(), APPLICATION_RECEIVED);
        JsonNode sms = awaitAttempt(noticeId, "SMS", "SENT");
        WebhookAnswer delivered = postAliyun(ALIYUN_CALLBACK_TOKEN, List.of(aliyunReport(borrower,
                sms.get("providerMessageId").asText(), sms.get("attemptId").asText(), true, "DELIVERED", "用户接收成功")));
        assertThat(delivered.status()).as(delivered.text()).isEqualTo(200);
        awaitNoticeStatus(noticeId, "DELIVERED");
        awaitEngineIdle();
        Traffic before = traffic();

        // Delivery has ended, so no process waits for the read; the acknowledgement is still the borrower's word.
        String readAt = engineNow().toString();
        LoanSteps steps = new LoanSteps(api);
        ApiClient.Response read = steps.read(loan.loanId(), noticeId, readAt);
        ApiClient.Response replay = steps.read(loan.loanId(), noticeId, readAt);

        assertThat(read.status()).as(read.text()).isEqualTo(200);
        assertThat(replay.status()).as(replay.text()).isEqualTo(200);
        awaitEngineIdle();
        JsonNode after = notice(noticeId);
        assertThat(after.get("status").asText()).isEqualTo("READ");
        assertThat(attempts(after)).hasSize(1);
        assertThat(traffic()).as("nothing sent because of the read").isEqualTo(before);
    }

    @Test
    void givenContactBorrowerOpen_whenALateReceiptReportsTheSmsDelivered_thenTheTaskClosesAndNothingMoreIsSent() {
        Borrower borrower = newBorrower(false);
        TestLoan loan = applyFor(borrower, List.of("SMS"));
        String noticeId = awaitNotice(loan.loanId(), APPLICATION_RECEIVED);
        JsonNode sms = awaitAttempt(noticeId, "SMS", "SENT");
        String smsAttempt = sms.get("attemptId").asText();
        // No channel confirms: each step waits out its confirmation timeout, then staff get "Contact borrower".
        for (int hour = 0; hour < 40 && !"ESCALATED".equals(notice(noticeId).get("status").asText()); hour++) {
            advanceEngineClock(Duration.ofHours(1));
        }
        awaitEngineIdle();
        assertThat(contactTasks(noticeId)).as("the staff task is open").hasSize(1);
        Traffic before = traffic();
        int attemptsBefore = attempts(notice(noticeId)).size();

        WebhookAnswer late = postAliyun(ALIYUN_CALLBACK_TOKEN, List.of(aliyunReport(borrower,
                sms.get("providerMessageId").asText(), smsAttempt, true, "DELIVERED", "用户接收成功")));

        assertThat(late.status()).as(late.text()).isEqualTo(200);
        awaitNoticeStatus(noticeId, "DELIVERED");
        awaitEngineIdle();
        assertThat(contactTasks(noticeId)).as("closed by the confirmation").isEmpty();
        advanceEngineClock(Duration.ofDays(2));
        JsonNode after = notice(noticeId);
        assertThat(after.hasNonNull("confirmedAt")).isTrue();
        assertThat(attempts(after)).hasSize(attemptsBefore);
        assertThat(traffic()).as("nothing sent after the confirmation").isEqualTo(before);
    }

    private JsonNode contactTasks(String noticeId) {
        return api.get("/engine-rest/task?taskDefinitionKey=Task_ContactBorrower&processVariables=noticeId_eq_"
                + noticeId, ADMIN, ADMIN_PASSWORD).json();
    }

    /** The SMS attempt of the loan's first notice while Aliyun holds its send: SENDING, and Aliyun has the request. */
    private String awaitSendInFlight(String loanId) {
        String[] attempt = new String[1];
        await().atMost(LoanSteps.PATIENCE).pollInterval(Duration.ofMillis(50)).until(() -> {
            Optional<String> queued = sendingAttempt(loanId, APPLICATION_RECEIVED, "SMS");
            queued.ifPresent(id -> attempt[0] = id);
            return queued.isPresent() && count(ALIYUN, aliyunSendSms(queued.get())) == 1;
        });
        assertThat(sendingAttempt(loanId, APPLICATION_RECEIVED, "SMS")).as("the send has not committed yet")
                .contains(attempt[0]);
        return attempt[0];
    }
}
