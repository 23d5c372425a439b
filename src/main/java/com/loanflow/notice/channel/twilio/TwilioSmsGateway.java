package com.loanflow.notice.channel.twilio;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.loanflow.borrower.Masking;
import com.loanflow.notice.NoticeSettings;
import com.loanflow.notice.channel.DeliveryException;
import com.loanflow.notice.channel.OutboundMessage;
import com.loanflow.notice.channel.SendResult;
import com.loanflow.notice.channel.sms.GatewayHttp;
import com.loanflow.notice.channel.sms.SmsErrorCodes;
import com.loanflow.notice.channel.sms.SmsGateway;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Sends SMS through Twilio's Messages API ({@code POST /2010-04-01/Accounts/{AccountSid}/Messages.json}).
 *
 * <p>Twilio has no client-reference field, so the attempt id rides in the {@code StatusCallback} URL, which Twilio
 * signs when it posts the receipt ({@link TwilioReceiptWebhook}).
 *
 * <p>Failures: Twilio error 21211 (invalid {@code To}), 21612 (not reachable by SMS), 21614 (not SMS-capable) or
 * 21610 (recipient replied STOP), which Twilio answers with 400, is permanent: the number will not take SMS. Everything else is
 * temporary: 401/403 mean our credentials are wrong, which an operator fixes and which must not mark the borrower's
 * number invalid; other 4xx codes are ours to fix too; 429, 5xx, timeouts, broken connections and unreadable answers
 * may pass.
 */
@Component
@ConditionalOnProperty(name = "loanflow.notice.twilio.enabled", havingValue = "true")
public class TwilioSmsGateway implements SmsGateway {

    public static final String NAME = "twilio";

    /** Twilio error codes that say the number itself cannot receive our SMS. */
    static final Set<String> PERMANENT_ERRORS = Set.of("21211", "21610", "21612", "21614");

    private static final Logger log = LoggerFactory.getLogger(TwilioSmsGateway.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TwilioProperties properties;
    private final URI messagesUri;
    private final String authorization;
    private final String receiptUrl;
    private final HttpClient http;

    public TwilioSmsGateway(TwilioProperties properties, NoticeSettings settings) {
        this.properties = properties;
        this.messagesUri = URI.create(stripTrailingSlash(properties.baseUrl()) + "/2010-04-01/Accounts/"
                + encode(properties.accountSid()) + "/Messages.json");
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(
                (properties.accountSid() + ":" + properties.authToken()).getBytes(UTF_8));
        this.receiptUrl = stripTrailingSlash(settings.webhookBaseUrl()) + "/api/webhooks/" + NAME + "/receipts";
        this.http = GatewayHttp.client(properties.connectTimeout());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public SendResult send(OutboundMessage message) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("To", message.address());
        if (!TwilioProperties.isBlank(properties.messagingServiceSid())) {
            form.put("MessagingServiceSid", properties.messagingServiceSid());
        } else {
            form.put("From", properties.from());
        }
        form.put("Body", message.content().body());
        form.put("StatusCallback", statusCallback(message.attemptId()));

        HttpResponse<String> response = GatewayHttp.postForm(http, messagesUri, encodeForm(form),
                properties.readTimeout(), NAME, "Authorization", authorization);
        int status = response.statusCode();
        JsonNode answer = parse(response.body());
        if (status >= 200 && status < 300) {
            String sid = answer == null ? null : answer.path("sid").asText(null);
            if (sid == null || sid.isBlank()) {
                // A success status: Twilio probably took the message, only its sid is unreadable.
                throw DeliveryException.outcomeUnknown(SmsErrorCodes.MALFORMED_RESPONSE,
                        "Twilio answered HTTP " + status + " without a message sid", null);
            }
            log.info("SMS attempt {} to {} taken by Twilio as {}", message.attemptId(),
                    Masking.maskPhone(message.address()), sid);
            return new SendResult(NAME, sid);
        }
        String code = answer != null && answer.path("code").canConvertToInt()
                ? answer.path("code").asText() : SmsErrorCodes.http(status);
        String detail = "Twilio refused attempt " + message.attemptId() + " to "
                + Masking.maskPhone(message.address()) + ": HTTP " + status + ", code " + code
                // Twilio's messages quote the number; the detail ends up in logs and incidents.
                + (answer == null ? "" : ", " + answer.path("message").asText("")
                        .replace(message.address(), Masking.maskPhone(message.address())));
        if (PERMANENT_ERRORS.contains(code)) {
            log.info(detail);
            throw DeliveryException.permanent(code, detail);
        }
        log.warn(detail);
        throw DeliveryException.temporary(code, detail);
    }

    /** The receipt URL with the attempt id; Twilio signs it with the form, so the id cannot be forged. */
    String statusCallback(String attemptId) {
        return receiptUrl + "?attemptId=" + encode(attemptId);
    }

    private static JsonNode parse(String body) {
        try {
            JsonNode node = JSON.readTree(body);
            return node != null && node.isObject() ? node : null;
        } catch (IOException notJson) {
            return null;
        }
    }

    private static String encodeForm(Map<String, String> form) {
        return form.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value == null ? "" : value, UTF_8);
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
