package com.loanflow.notice.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The receipt webhooks as an attacker or a confused provider meets them: a forged, tampered or replayed receipt gets
 * 401 and changes nothing; a genuine receipt naming no message LoanFlow sent gets 404; a body not in the provider's
 * format gets 400. Every answer is a problem document.
 */
class ReceiptWebhookDeliveryIT extends DeliveryIntegrationTest {

    private static final String APPLICATION_APPROVED = "APPLICATION_APPROVED";

    @Test
    void givenForgedTamperedOrReplayedReceipts_whenPosted_thenEachGets401AndNothingChanges() {
        Borrower borrower = newBorrower(true);
        TestLoan loan = applyFor(borrower, List.of("WECHAT"));
        String noticeId = awaitNotice(loan.loanId(), APPLICATION_RECEIVED);
        JsonNode sent = awaitAttempt(noticeId, "WECHAT", "SENT");
        awaitAttempt(awaitNotice(loan.loanId(), APPLICATION_APPROVED), "WECHAT", "SENT");
        awaitEngineIdle();
        // Every forgery names this real attempt, so that one accepted by mistake would show.
        String attemptId = sent.get("attemptId").asText();
        String msgId = sent.get("providerMessageId").asText();
        long receipts = count("notice_receipt");
        long attempts = count("notice_attempt");
        List<JsonNode> noticesBefore = notices(loan.loanId());
        Traffic traffic = traffic();

        // Twilio: signed with a guessed auth token; a genuine signature over another status or another attempt; none.
        String callback = twilioCallbackUrl(attemptId);
        Map<String, String> delivered = twilioStatus("SMdeadbeefdeadbeefdeadbeefdeadbeef", borrower.phone(),
                "delivered", null);
        Map<String, String> undelivered = twilioStatus("SMdeadbeefdeadbeefdeadbeefdeadbeef", borrower.phone(),
                "undelivered", "30003");
        assertProblem(postTwilio(callback, delivered, "guessed-auth-token"), 401);
        assertProblem(postTwilioSigned(callback, delivered, twilioSignature(TWILIO_AUTH_TOKEN, callback, undelivered)),
                401);
        String otherCallback = twilioCallbackUrl("AT-SOMEONEELSE");
        assertProblem(postTwilioSigned(callback, delivered,
                twilioSignature(TWILIO_AUTH_TOKEN, otherCallback, delivered)), 401);
        assertProblem(postTwilioSigned(callback, delivered, null), 401);

        // Aliyun SMS: the push URL's token wrong or missing.
        String report = toJson(List.of(aliyunReport(borrower, "123456789012345^0", attemptId, true, "DELIVERED",
                "用户接收成功")));
        assertProblem(postAliyun("guessed-callback-token", report), 401);
        assertProblem(postAliyun(ALIYUN_CALLBACK_TOKEN.substring(1), report), 401);
        assertProblem(postAliyun(null, report), 401);

        // E-mail (Mailgun): signed with a guessed key; a genuine signature replayed after 20 minutes; unsigned.
        String messageId = attemptId + "@" + MESSAGE_ID_DOMAIN;
        assertProblem(postMailgun(mailgunEvent("key-guessed", engineNow(), "delivered", messageId, "mg-forged-1")),
                401);
        assertProblem(postMailgun(mailgunEvent(EMAIL_SIGNING_KEY, engineNow().minus(Duration.ofMinutes(20)),
                "delivered", messageId, "mg-forged-2")), 401);
        JsonNode unsigned = new WebhookAnswer(200, null, mailgunEvent(EMAIL_SIGNING_KEY, engineNow(), "delivered",
                messageId, "mg-forged-3")).json();
        ((ObjectNode) unsigned).remove("signature");
        assertProblem(postMailgun(unsigned.toString()), 401);

        // WeChat: signed with a guessed token; a genuine signature replayed after 10 minutes; nonce swapped.
        String xml = wechatTemplateFinished(borrower.wechatOpenId(), msgId, "success");
        assertProblem(postWechat("guessed-token", engineNow(), borrower.wechatOpenId(), xml), 401);
        assertProblem(postWechat(WECHAT_TOKEN, engineNow().minus(Duration.ofMinutes(10)), borrower.wechatOpenId(),
                xml), 401);
        String timestamp = String.valueOf(engineNow().getEpochSecond());
        assertProblem(postWechatSigned(wechatSignature(WECHAT_TOKEN, timestamp, "111111"), timestamp, "222222",
                borrower.wechatOpenId(), xml), 401);

        awaitEngineIdle();
        assertThat(count("notice_receipt")).isEqualTo(receipts);
        assertThat(count("notice_attempt")).isEqualTo(attempts);
        assertThat(notices(loan.loanId())).isEqualTo(noticesBefore);
        assertThat(traffic()).isEqualTo(traffic);

        // The same WeChat report, genuinely signed, is what confirms the notice: the refusals were the signatures'.
        WebhookAnswer genuine = postWechat(WECHAT_TOKEN, engineNow(), borrower.wechatOpenId(), xml);
        assertThat(genuine.status()).as(genuine.text()).isEqualTo(200);
        assertThat(awaitNoticeStatus(noticeId, "DELIVERED").hasNonNull("confirmedAt")).isTrue();
    }

    @Test
    void givenGenuinelySignedReceiptsNamingNoMessageWeSent_whenPosted_thenEachGets404() {
        String unknownAttempt = "AT-" + Long.toString(System.nanoTime(), 36).toUpperCase();
        long matchedReceipts = matchedReceipts();
        long attempts = count("notice_attempt");

        assertProblem(postTwilio(twilioCallbackUrl(unknownAttempt),
                twilioStatus("SM0000000000000000000000000000aaaa", "+8613900000000", "delivered", null),
                TWILIO_AUTH_TOKEN), 404);
        assertProblem(postAliyun(ALIYUN_CALLBACK_TOKEN, List.of(aliyunReport(null, "900000000000001^0",
                unknownAttempt, true, "DELIVERED", "用户接收成功"))), 404);
        assertProblem(postMailgun(mailgunEvent(EMAIL_SIGNING_KEY, engineNow(), "delivered",
                unknownAttempt + "@" + MESSAGE_ID_DOMAIN, "mg-" + unknownAttempt)), 404);
        assertProblem(postWechat(WECHAT_TOKEN, engineNow(), "o6_itnobody", wechatTemplateFinished("o6_itnobody",
                String.valueOf(System.nanoTime()), "success")), 404);

        assertThat(matchedReceipts()).isEqualTo(matchedReceipts);
        assertThat(count("notice_attempt")).isEqualTo(attempts);
    }

    @Test
    void givenGenuinelySignedBodiesNotInTheProvidersFormat_whenPosted_thenEachGets400() {
        long receipts = count("notice_receipt");

        assertProblem(postAliyun(ALIYUN_CALLBACK_TOKEN, "this is not JSON"), 400);
        assertProblem(postAliyun(ALIYUN_CALLBACK_TOKEN, "{\"biz_id\": \"900000000000001^0\"}"), 400);
        assertProblem(postAliyun(ALIYUN_CALLBACK_TOKEN, "[{\"biz_id\": \"900000000000001^0\"}]"), 400);
        Map<String, String> noMessageSid = twilioStatus("SMx", "+8613900000000", "delivered", null);
        noMessageSid.remove("MessageSid");
        assertProblem(postTwilio(twilioCallbackUrl("AT-ANY"), noMessageSid, TWILIO_AUTH_TOKEN), 400);
        JsonNode noEventData = new WebhookAnswer(200, null, mailgunEvent(EMAIL_SIGNING_KEY, engineNow(), "delivered",
                "AT-ANY@" + MESSAGE_ID_DOMAIN, "mg-malformed")).json();
        ((ObjectNode) noEventData).remove("event-data");
        assertProblem(postMailgun(noEventData.toString()), 400);
        assertProblem(postWechat(WECHAT_TOKEN, engineNow(), "o6_itnobody", "<xml><MsgType>event</MsgType>"), 400);
        assertProblem(postWechat(WECHAT_TOKEN, engineNow(), "o6_itnobody",
                "<!DOCTYPE xml [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><xml><MsgType>&x;</MsgType></xml>"), 400);

        assertThat(count("notice_receipt")).isEqualTo(receipts);
    }

    private long matchedReceipts() {
        return jdbc.sql("select count(*) from notice_receipt where attempt_id is not null").query(Long.class).single();
    }
}
