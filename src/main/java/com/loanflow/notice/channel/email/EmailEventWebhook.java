package com.loanflow.notice.channel.email;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.loanflow.common.Hmac;
import com.loanflow.notice.channel.ProviderReceipt;
import com.loanflow.notice.channel.ReceiptOutcome;
import com.loanflow.notice.channel.ReceiptWebhook;
import com.loanflow.notice.channel.WebhookRequest;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * The e-mail provider's delivery events in Mailgun's webhook format ({@code POST /api/webhooks/email/receipts}):
 * one JSON event per call, {@code {"signature": {...}, "event-data": {...}}}.
 *
 * <p>A call is authentic when {@code signature.signature} is the hex HMAC-SHA256 of {@code timestamp + token} under
 * the webhook signing key and the timestamp is within {@value #TOLERANCE_MINUTES} minutes of now. Mailgun signs
 * only the timestamp and token, not the event: a signature read off the wire could be replayed with a made-up event
 * inside that window, so the endpoint must only be reachable over HTTPS and request bodies must not be logged.
 *
 * <p>{@code delivered} is a delivery; {@code failed} is a bounce, permanent or temporary as Mailgun's
 * {@code severity} says; {@code complained} (marked as spam) and {@code unsubscribed} mean the address must not be
 * used for notices again. Opens, clicks and acceptance by Mailgun itself are not receipts.
 */
@Component
@ConditionalOnProperty(name = "loanflow.notice.email.enabled", havingValue = "true")
class EmailEventWebhook implements ReceiptWebhook {

    static final long TOLERANCE_MINUTES = 15;

    private static final Logger log = LoggerFactory.getLogger(EmailEventWebhook.class);
    private static final Duration TOLERANCE = Duration.ofMinutes(TOLERANCE_MINUTES);

    private final ObjectMapper json = new ObjectMapper();
    private final byte[] signingKey;
    private final Clock clock;

    EmailEventWebhook(EmailProperties properties, Clock clock) {
        String key = properties.webhookSigningKey();
        if (key == null || key.isBlank()) {
            log.warn("loanflow.notice.email.webhook-signing-key is not set: every e-mail delivery event is refused,"
                    + " e-mail notices are confirmed only by the borrower's read acknowledgement");
            this.signingKey = null;
        } else {
            this.signingKey = key.getBytes(StandardCharsets.UTF_8);
        }
        this.clock = clock;
    }

    @Override
    public String provider() {
        return EmailChannelProvider.NAME;
    }

    @Override
    public boolean authentic(WebhookRequest request) {
        if (signingKey == null) {
            return false;
        }
        JsonNode signature;
        try {
            signature = json.readTree(request.body()).path("signature");
        } catch (IOException | RuntimeException e) {
            return false;
        }
        String timestamp = text(signature, "timestamp");
        String token = text(signature, "token");
        String given = text(signature, "signature");
        if (timestamp == null || token == null || given == null || !fresh(timestamp)) {
            return false;
        }
        byte[] expected = hmac(timestamp + token);
        byte[] actual;
        try {
            actual = HexFormat.of().parseHex(given);
        } catch (IllegalArgumentException notHex) {
            return false;
        }
        return MessageDigest.isEqual(expected, actual);
    }

    @Override
    public List<ProviderReceipt> receipts(WebhookRequest request) {
        JsonNode event;
        try {
            event = json.readTree(request.body()).path("event-data");
        } catch (JacksonException e) {
            throw new IllegalArgumentException("Not a Mailgun event: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("Not a Mailgun event", e);
        }
        if (!event.isObject()) {
            throw new IllegalArgumentException("Not a Mailgun event: no event-data");
        }
        String name = required(event, "event");
        ReceiptOutcome outcome;
        String detail;
        switch (name) {
            case "delivered" -> {
                outcome = ReceiptOutcome.DELIVERED;
                detail = "delivered" + status(event);
            }
            case "failed" -> {
                boolean permanent = "permanent".equals(text(event, "severity"));
                outcome = permanent ? ReceiptOutcome.PERMANENT_FAILURE : ReceiptOutcome.TEMPORARY_FAILURE;
                String reason = text(event, "reason");
                detail = (permanent ? "bounced" : "delivery failed, provider retries")
                        + (reason == null ? "" : " (" + reason + ")") + status(event);
            }
            case "complained" -> {
                outcome = ReceiptOutcome.PERMANENT_FAILURE;
                detail = "complained: the borrower reported the notice as spam; do not e-mail this address again";
            }
            case "unsubscribed" -> {
                outcome = ReceiptOutcome.PERMANENT_FAILURE;
                detail = "unsubscribed: the borrower unsubscribed; do not e-mail this address again";
            }
            default -> {
                return List.of();
            }
        }
        String messageId = messageId(required(event.path("message").path("headers"), "message-id"));
        return List.of(new ProviderReceipt(EmailChannelProvider.NAME, messageId, attemptId(messageId), outcome,
                detail, occurredAt(event), required(event, "id")));
    }

    /** Mailgun reports the Message-ID without angle brackets; the send result has them. */
    private static String messageId(String header) {
        String bare = header.strip();
        if (bare.startsWith("<") && bare.endsWith(">")) {
            bare = bare.substring(1, bare.length() - 1);
        }
        if (bare.indexOf('@') <= 0) {
            throw new IllegalArgumentException("Not a Message-ID: " + header);
        }
        return "<" + bare + ">";
    }

    private static String attemptId(String messageId) {
        return messageId.substring(1, messageId.lastIndexOf('@'));
    }

    private static Instant occurredAt(JsonNode event) {
        JsonNode timestamp = event.path("timestamp");
        if (!timestamp.isNumber()) {
            throw new IllegalArgumentException("Mailgun event without a timestamp");
        }
        // Seconds with a fraction (1521472262.908181): BigDecimal keeps the microseconds a double would round.
        BigDecimal seconds = timestamp.decimalValue();
        return Instant.ofEpochSecond(seconds.longValue(),
                seconds.remainder(BigDecimal.ONE).movePointRight(9).longValue());
    }

    private static String status(JsonNode event) {
        JsonNode status = event.path("delivery-status");
        String code = text(status, "code");
        String message = text(status, "message");
        if (message == null || message.isBlank()) {
            message = text(status, "description");
        }
        if ((code == null || code.isBlank() || code.equals("0")) && (message == null || message.isBlank())) {
            return "";
        }
        return ": " + (code == null ? "" : code + " ") + (message == null ? "" : message.strip());
    }

    private boolean fresh(String timestamp) {
        long seconds;
        try {
            seconds = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            return false;
        }
        Duration age = Duration.between(Instant.ofEpochSecond(seconds), clock.instant()).abs();
        return age.compareTo(TOLERANCE) <= 0;
    }

    private byte[] hmac(String data) {
        return Hmac.sha256(signingKey, data.getBytes(StandardCharsets.UTF_8));
    }

    private static String required(JsonNode node, String field) {
        String value = text(node, field);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("Mailgun event without " + field);
        }
        return value;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isValueNode() && !value.isNull() ? value.asText() : null;
    }
}
