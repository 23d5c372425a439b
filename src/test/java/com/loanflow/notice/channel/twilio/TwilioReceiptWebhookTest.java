package com.loanflow.notice.channel.twilio;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.loanflow.notice.channel.ProviderReceipt;
import com.loanflow.notice.channel.ReceiptOutcome;
import com.loanflow.notice.channel.WebhookRequest;
import java.net.URLEncoder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Twilio's signed status callbacks: only genuine ones count, and each status maps to what it means for the number. */
class TwilioReceiptWebhookTest {

    static final String AUTH_TOKEN = "twilio-auth-token";
    static final String URL = "https://loanflow.example.com/api/webhooks/twilio/receipts?attemptId=AT-42";
    static final Instant NOW = Instant.parse("2026-03-01T08:00:00Z");

    private final TwilioReceiptWebhook webhook = webhook(AUTH_TOKEN);

    private static TwilioReceiptWebhook webhook(String authToken) {
        return new TwilioReceiptWebhook(new TwilioProperties(true, "AC1", authToken, "+15005550006", null,
                "https://api.twilio.com", Duration.ofSeconds(2), Duration.ofSeconds(5)),
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    /** Twilio's algorithm written out again here, independently of the class under test. */
    static String twilioSignature(String authToken, String url, Map<String, String> form) throws Exception {
        StringBuilder data = new StringBuilder(url);
        form.keySet().stream().sorted().forEach(name -> data.append(name).append(form.get(name)));
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(authToken.getBytes(UTF_8), "HmacSHA1"));
        return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(UTF_8)));
    }

    static Map<String, String> statusCallback(String status, String errorCode) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("SmsSid", "SM0123456789abcdef0123456789abcdef");
        form.put("SmsStatus", status);
        form.put("MessageStatus", status);
        form.put("To", "+8613800138000");
        form.put("MessageSid", "SM0123456789abcdef0123456789abcdef");
        form.put("AccountSid", "AC1");
        form.put("From", "+15005550006");
        form.put("ApiVersion", "2010-04-01");
        if (errorCode != null) {
            form.put("ErrorCode", errorCode);
        }
        return form;
    }

    static WebhookRequest request(String url, Map<String, String> form, String signature) {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), UTF_8) + "=" + URLEncoder.encode(e.getValue(), UTF_8))
                .collect(Collectors.joining("&"));
        Map<String, String> headers = signature == null ? Map.of() : Map.of("x-twilio-signature", signature);
        return new WebhookRequest(url, headers, servletParameters(url, form), body.getBytes(UTF_8),
                "application/x-www-form-urlencoded");
    }

    /** What a servlet's getParameterMap() holds: query parameters first, then the form's. */
    private static Map<String, List<String>> servletParameters(String url, Map<String, String> form) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        int q = url.indexOf('?');
        if (q >= 0) {
            for (String pair : url.substring(q + 1).split("&")) {
                String[] nv = pair.split("=", 2);
                parameters.computeIfAbsent(nv[0], n -> new ArrayList<>()).add(nv[1]);
            }
        }
        form.forEach((name, value) -> parameters.computeIfAbsent(name, n -> new ArrayList<>()).add(value));
        return parameters;
    }

    private static WebhookRequest signed(String status, String errorCode) throws Exception {
        Map<String, String> form = statusCallback(status, errorCode);
        return request(URL, form, twilioSignature(AUTH_TOKEN, URL, form));
    }

    @Test
    void givenTwilioDocumentedExample_whenChecked_thenItsPublishedSignatureIsAccepted() {
        // https://www.twilio.com/docs/usage/webhooks/webhooks-security: auth token 12345, this URL and these params
        // give the signature 0/KCTR6DLpKmkAf8muzZqo1nDgQ=.
        Map<String, String> form = new LinkedHashMap<>();
        form.put("CallSid", "CA1234567890ABCDE");
        form.put("Caller", "+12349013030");
        form.put("Digits", "1234");
        form.put("From", "+12349013030");
        form.put("To", "+18005551212");

        WebhookRequest request = request("https://mycompany.com/myapp.php?foo=1&bar=2", form,
                "0/KCTR6DLpKmkAf8muzZqo1nDgQ=");

        assertThat(webhook("12345").authentic(request)).isTrue();
        assertThat(webhook("12346").authentic(request)).isFalse();
    }

    @Test
    void givenAGenuineCallback_whenChecked_thenAuthentic() throws Exception {
        assertThat(webhook.authentic(signed("delivered", null))).isTrue();
    }

    @Test
    void givenATamperedStatus_whenChecked_thenNotAuthentic() throws Exception {
        Map<String, String> form = statusCallback("undelivered", "30005");
        String signature = twilioSignature(AUTH_TOKEN, URL, form);
        form.put("MessageStatus", "delivered");

        assertThat(webhook.authentic(request(URL, form, signature))).isFalse();
    }

    @Test
    void givenAnAddedParameter_whenChecked_thenNotAuthentic() throws Exception {
        Map<String, String> form = statusCallback("delivered", null);
        String signature = twilioSignature(AUTH_TOKEN, URL, form);
        form.put("ErrorCode", "30005");

        assertThat(webhook.authentic(request(URL, form, signature))).isFalse();
    }

    @Test
    void givenAnotherAttemptIdInTheUrl_whenChecked_thenNotAuthentic() throws Exception {
        Map<String, String> form = statusCallback("delivered", null);
        String signature = twilioSignature(AUTH_TOKEN, URL, form);

        assertThat(webhook.authentic(request(URL.replace("AT-42", "AT-43"), form, signature))).isFalse();
    }

    @Test
    void givenASignatureWithAnotherToken_whenChecked_thenNotAuthentic() throws Exception {
        Map<String, String> form = statusCallback("delivered", null);

        assertThat(webhook.authentic(request(URL, form, twilioSignature("someone-elses-token", URL, form)))).isFalse();
    }

    @Test
    void givenNoSignature_whenChecked_thenNotAuthentic() {
        assertThat(webhook.authentic(request(URL, statusCallback("delivered", null), null))).isFalse();
    }

    @Test
    void givenTwilioSignedTheUrlWithTheDefaultPort_whenChecked_thenAuthentic() throws Exception {
        Map<String, String> form = statusCallback("delivered", null);
        String signature = twilioSignature(AUTH_TOKEN, URL.replace("example.com/", "example.com:443/"), form);

        assertThat(webhook.authentic(request(URL, form, signature))).isTrue();
    }

    @Test
    void givenTheUrlCarriesTheDefaultPortButTwilioSignedItWithout_whenChecked_thenAuthentic() throws Exception {
        Map<String, String> form = statusCallback("delivered", null);
        String signature = twilioSignature(AUTH_TOKEN, URL, form);

        assertThat(webhook.authentic(request(URL.replace("example.com/", "example.com:443/"), form, signature)))
                .isTrue();
    }

    @Test
    void givenTheBodyWasConsumedByTheContainer_whenChecked_thenTheFormParametersAreStillVerified() throws Exception {
        WebhookRequest genuine = signed("delivered", null);
        WebhookRequest withoutBody = new WebhookRequest(genuine.url(), genuine.headers(), genuine.parameters(),
                new byte[0], genuine.contentType());

        assertThat(webhook.authentic(withoutBody)).isTrue();
        assertThat(webhook.receipts(withoutBody)).singleElement()
                .satisfies(r -> assertThat(r.attemptId()).isEqualTo("AT-42"));
    }

    @Test
    void givenADeliveredCallback_whenRead_thenOneDeliveredReceiptForTheAttemptInTheUrl() throws Exception {
        List<ProviderReceipt> receipts = webhook.receipts(signed("delivered", null));

        assertThat(receipts).containsExactly(new ProviderReceipt("twilio", "SM0123456789abcdef0123456789abcdef",
                "AT-42", ReceiptOutcome.DELIVERED, "delivered", NOW,
                "SM0123456789abcdef0123456789abcdef:delivered"));
    }

    @ParameterizedTest
    @CsvSource({
            "undelivered, 30005, PERMANENT_FAILURE",
            "undelivered, 30006, PERMANENT_FAILURE",
            "failed,      30004, PERMANENT_FAILURE",
            "failed,      21610, PERMANENT_FAILURE",
            "undelivered, 30003, TEMPORARY_FAILURE",
            "undelivered, 30007, TEMPORARY_FAILURE",
            "failed,      30008, TEMPORARY_FAILURE",
            "undelivered, 30001, TEMPORARY_FAILURE"})
    void givenAFailureCallback_whenRead_thenTheErrorCodeDecidesWhetherTheNumberIsBad(String status, String errorCode,
                                                                                   ReceiptOutcome outcome)
            throws Exception {
        ProviderReceipt receipt = webhook.receipts(signed(status, errorCode)).get(0);

        assertThat(receipt.outcome()).isEqualTo(outcome);
        assertThat(receipt.detail()).contains(status).contains(errorCode);
        assertThat(receipt.eventId()).isEqualTo("SM0123456789abcdef0123456789abcdef:" + status);
    }

    @Test
    void givenAFailureWithoutErrorCode_whenRead_thenTemporary() throws Exception {
        assertThat(webhook.receipts(signed("failed", null)).get(0).outcome())
                .isEqualTo(ReceiptOutcome.TEMPORARY_FAILURE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"queued", "sending", "sent", "accepted", "scheduled"})
    void givenAnIntermediateStatus_whenRead_thenNoReceipt(String status) throws Exception {
        assertThat(webhook.receipts(signed(status, null))).isEmpty();
    }

    @Test
    void givenACallbackWithoutMessageSid_whenRead_thenRejectedAsMalformed() throws Exception {
        Map<String, String> form = statusCallback("delivered", null);
        form.remove("MessageSid");

        assertThatThrownBy(() -> webhook.receipts(request(URL, form, twilioSignature(AUTH_TOKEN, URL, form))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void givenABodyThatIsNotAForm_whenRead_thenRejectedAsMalformed() {
        WebhookRequest json = new WebhookRequest(URL, Map.of(), Map.of(), "{\"MessageSid\":\"SM1\"}".getBytes(UTF_8),
                "application/json");

        assertThatThrownBy(() -> webhook.receipts(json)).isInstanceOf(IllegalArgumentException.class);
    }
}
