package com.loanflow.notice.channel.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.loanflow.notice.channel.ProviderReceipt;
import com.loanflow.notice.channel.ReceiptOutcome;
import com.loanflow.notice.channel.WebhookRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Mailgun's event webhook as Mailgun posts it (JSON, signature in the body). */
class EmailEventWebhookTest {

    private static final String SIGNING_KEY = "key-test-signing-3f9a";
    private static final long NOW = 1_700_000_000L;
    private static final String TOKEN = "1b1f2a3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7081";
    /** hex(HMAC-SHA256(SIGNING_KEY, "1700000000" + TOKEN)), computed with {@code openssl dgst -sha256 -hmac}. */
    private static final String SIGNATURE = "e419614d0c2c7b7921725097c6d9fa34de7e4aa6ed8118c53ef03b0309ba042d";

    private final EmailEventWebhook webhook = webhookAt(Instant.ofEpochSecond(NOW));

    private static EmailEventWebhook webhookAt(Instant now) {
        EmailProperties properties = new EmailProperties(true, "notice@loanflow.example", "LoanFlow", null,
                SIGNING_KEY, "loanflow.example");
        return new EmailEventWebhook(properties, Clock.fixed(now, ZoneOffset.UTC));
    }

    private static WebhookRequest request(String json) {
        return new WebhookRequest("https://loanflow.example/api/webhooks/email/receipts",
                Map.of("Content-Type", "application/json"), Map.of(), json.getBytes(StandardCharsets.UTF_8),
                "application/json");
    }

    private static String signed(String timestamp, String token, String signature, String eventData) {
        return """
                {"signature": {"timestamp": "%s", "token": "%s", "signature": "%s"},
                 "event-data": %s}""".formatted(timestamp, token, signature, eventData);
    }

    private static String event(String event, String severity, String reason, String messageId) {
        return """
                {"id": "CPgfbmQMTCKtHW6uIWtuVe", "timestamp": 1700000012.908181, "log-level": "error",
                 "event": "%s", %s %s
                 "delivery-status": {"code": %s, "attempt-no": 1, "message": "%s",
                   "description": "", "session-seconds": 0.4},
                 "message": {"headers": {"to": "zhang.wei@example.cn", "message-id": "%s",
                   "from": "LoanFlow <notice@loanflow.example>", "subject": "您的车贷已结清"},
                   "attachments": [], "size": 1112},
                 "recipient": "zhang.wei@example.cn", "recipient-domain": "example.cn",
                 "user-variables": {}}""".formatted(event,
                severity == null ? "" : "\"severity\": \"" + severity + "\",",
                reason == null ? "" : "\"reason\": \"" + reason + "\",",
                event.equals("delivered") ? 250 : 550,
                event.equals("delivered") ? "OK" : "5.1.1 The email account that you tried to reach does not exist",
                messageId);
    }

    private static String authenticEvent(String event, String severity, String reason) {
        return signed(String.valueOf(NOW), TOKEN, SIGNATURE,
                event(event, severity, reason, "AT-3G7H9K2M4P6R@loanflow.example"));
    }

    @Test
    void givenSignatureOfTimestampAndTokenUnderOurKey_whenChecking_thenAuthentic() {
        assertThat(webhook.authentic(request(authenticEvent("delivered", null, null)))).isTrue();
    }

    @Test
    void givenSignatureInUpperCaseHex_whenChecking_thenAuthentic() {
        String json = signed(String.valueOf(NOW), TOKEN, SIGNATURE.toUpperCase(),
                event("delivered", null, null, "AT-3G7H9K2M4P6R@loanflow.example"));

        assertThat(webhook.authentic(request(json))).isTrue();
    }

    @Test
    void givenSignatureWithOneDigitChanged_whenChecking_thenNotAuthentic() {
        String forged = SIGNATURE.substring(0, 63) + (SIGNATURE.endsWith("d") ? "e" : "d");
        String json = signed(String.valueOf(NOW), TOKEN, forged,
                event("delivered", null, null, "AT-3G7H9K2M4P6R@loanflow.example"));

        assertThat(webhook.authentic(request(json))).isFalse();
    }

    @Test
    void givenValidSignatureOverAnotherToken_whenChecking_thenNotAuthentic() {
        String json = signed(String.valueOf(NOW), TOKEN.replace('1', '2'), SIGNATURE,
                event("delivered", null, null, "AT-3G7H9K2M4P6R@loanflow.example"));

        assertThat(webhook.authentic(request(json))).isFalse();
    }

    @Test
    void givenSignatureUnderAnotherKey_whenChecking_thenNotAuthentic() {
        EmailEventWebhook other = new EmailEventWebhook(new EmailProperties(true, "notice@loanflow.example",
                "LoanFlow", null, "another-key", "loanflow.example"),
                Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC));

        assertThat(other.authentic(request(authenticEvent("delivered", null, null)))).isFalse();
    }

    @Test
    void givenTimestampFifteenMinutesOld_whenChecking_thenStillAuthentic() {
        EmailEventWebhook later = webhookAt(Instant.ofEpochSecond(NOW + 15 * 60));

        assertThat(later.authentic(request(authenticEvent("delivered", null, null)))).isTrue();
    }

    @Test
    void givenTimestampMoreThanFifteenMinutesOld_whenChecking_thenNotAuthentic() {
        EmailEventWebhook later = webhookAt(Instant.ofEpochSecond(NOW + 15 * 60 + 1));

        assertThat(later.authentic(request(authenticEvent("delivered", null, null)))).isFalse();
    }

    @Test
    void givenTimestampMoreThanFifteenMinutesAhead_whenChecking_thenNotAuthentic() {
        EmailEventWebhook earlier = webhookAt(Instant.ofEpochSecond(NOW - 15 * 60 - 1));

        assertThat(earlier.authentic(request(authenticEvent("delivered", null, null)))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"event-data\": {\"event\": \"delivered\"}}",
        "{\"signature\": {\"timestamp\": \"1700000000\", \"token\": \"abc\"}}",
        "{\"signature\": {\"timestamp\": \"1700000000\", \"token\": \"abc\", \"signature\": \"not hex\"}}",
        "not json at all",
        ""
    })
    void givenUnsignedOrMalformedCall_whenChecking_thenNotAuthentic(String body) {
        assertThat(webhook.authentic(request(body))).isFalse();
    }

    @Test
    void givenNoSigningKeyConfigured_whenChecking_thenNothingIsAuthentic() {
        EmailEventWebhook unkeyed = new EmailEventWebhook(new EmailProperties(true, "notice@loanflow.example",
                "LoanFlow", null, "", "loanflow.example"), Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC));

        assertThat(unkeyed.authentic(request(authenticEvent("delivered", null, null)))).isFalse();
    }

    @Test
    void givenDeliveredEvent_whenParsing_thenDeliveredReceiptForTheAttempt() {
        List<ProviderReceipt> receipts = webhook.receipts(request(authenticEvent("delivered", null, null)));

        assertThat(receipts).containsExactly(new ProviderReceipt("email", "<AT-3G7H9K2M4P6R@loanflow.example>",
                "AT-3G7H9K2M4P6R", ReceiptOutcome.DELIVERED,
                "delivered: 250 OK",
                Instant.ofEpochSecond(1_700_000_012L, 908_181_000L), "CPgfbmQMTCKtHW6uIWtuVe"));
    }

    @Test
    void givenHardBounce_whenParsing_thenPermanentFailureWithTheServersReason() {
        ProviderReceipt receipt = webhook.receipts(request(authenticEvent("failed", "permanent", "bounce")))
                .get(0);

        assertThat(receipt.outcome()).isEqualTo(ReceiptOutcome.PERMANENT_FAILURE);
        assertThat(receipt.detail()).contains("bounce", "550", "does not exist");
        assertThat(receipt.attemptId()).isEqualTo("AT-3G7H9K2M4P6R");
    }

    @Test
    void givenSoftBounce_whenParsing_thenTemporaryFailure() {
        ProviderReceipt receipt = webhook.receipts(request(authenticEvent("failed", "temporary", "generic")))
                .get(0);

        assertThat(receipt.outcome()).isEqualTo(ReceiptOutcome.TEMPORARY_FAILURE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"complained", "unsubscribed"})
    void givenComplaintOrUnsubscribe_whenParsing_thenPermanentFailureSayingSo(String event) {
        ProviderReceipt receipt = webhook.receipts(request(authenticEvent(event, null, null))).get(0);

        assertThat(receipt.outcome()).isEqualTo(ReceiptOutcome.PERMANENT_FAILURE);
        assertThat(receipt.detail()).startsWith(event + ":");
    }

    @ParameterizedTest
    @ValueSource(strings = {"opened", "clicked", "accepted", "stored"})
    void givenEventThatIsNoDeliveryOutcome_whenParsing_thenNoReceipt(String event) {
        assertThat(webhook.receipts(request(authenticEvent(event, null, null)))).isEmpty();
    }

    @Test
    void givenMessageIdWithAngleBrackets_whenParsing_thenSameProviderMessageIdAsTheSendResult() {
        String json = signed(String.valueOf(NOW), TOKEN, SIGNATURE,
                event("delivered", null, null, "<AT-3G7H9K2M4P6R@loanflow.example>"));

        ProviderReceipt receipt = webhook.receipts(request(json)).get(0);

        assertThat(receipt.providerMessageId()).isEqualTo("<AT-3G7H9K2M4P6R@loanflow.example>");
        assertThat(receipt.attemptId()).isEqualTo("AT-3G7H9K2M4P6R");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "not json at all",
        "{\"signature\": {}}",
        "{\"event-data\": {\"id\": \"x\", \"timestamp\": 1700000012, \"event\": \"delivered\"}}",
        "{\"event-data\": {\"id\": \"x\", \"event\": \"delivered\","
                + " \"message\": {\"headers\": {\"message-id\": \"<a@b>\"}}}}",
        "{\"event-data\": {\"id\": \"x\", \"timestamp\": 1700000012, \"event\": \"delivered\","
                + " \"message\": {\"headers\": {\"message-id\": \"no-at-sign\"}}}}",
        "[1, 2]"
    })
    void givenBodyNotInMailgunsFormat_whenParsing_thenIllegalArgument(String body) {
        assertThatIllegalArgumentException().isThrownBy(() -> webhook.receipts(request(body)));
    }

    @Test
    void givenWebhook_whenAskedForItsProvider_thenEmail() {
        assertThat(webhook.provider()).isEqualTo("email");
        assertThat(webhook.acknowledgement()).isEmpty();
    }
}
