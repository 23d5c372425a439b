package com.loanflow.notice.channel.jpush;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.loanflow.borrower.Channel;
import com.loanflow.notice.channel.ChannelProvider;
import com.loanflow.notice.channel.DeliveryException;
import com.loanflow.notice.channel.OutboundMessage;
import com.loanflow.notice.channel.SendResult;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * Sends notices as app push through JPush (极光推送) REST API v3: {@code POST /v3/push} to one registration id,
 * authenticated with HTTP Basic {@code appKey:masterSecret}. The answer's {@code msg_id} is the provider message id.
 *
 * <p>JPush dedupes a retried push only by a {@code cid} fetched beforehand from {@code GET /v3/push/cid}; it cannot
 * be derived from the attempt id, and keeping the one fetched for an attempt across retries would need it stored
 * with the attempt before the first send. So nothing is deduplicated at JPush: {@code sendno} (derived from the
 * attempt id) is only echoed back, and the attempt and notice ids travel in the push's {@code extras}, from which
 * the app drops a push whose attempt it has already shown. A duplicate can arise only when JPush took a push but
 * its answer was lost (timeout, reset connection).
 *
 * <p>JPush v3 sends no delivery receipts to a webhook, so there is no {@code ReceiptWebhook} for it: a push is
 * confirmed by the borrower's read acknowledgement in the app, and an unconfirmed one escalates on its timer.
 */
@Component
@ConditionalOnProperty(name = "loanflow.notice.jpush.enabled", havingValue = "true")
// A configured push provider takes the push channel ahead of the sandbox, which supports every channel.
@Order(0)
class JPushChannelProvider implements ChannelProvider {

    static final String NAME = "jpush";

    /** 没有满足条件的推送目标: the registration id is unknown to this app, or the device has long been inactive. */
    static final int NO_TARGET = 1011;

    private static final Logger log = LoggerFactory.getLogger(JPushChannelProvider.class);
    private static final Duration MAX_TIME_TO_LIVE = Duration.ofDays(10);

    private final ObjectMapper json = new ObjectMapper();
    private final RestClient client;
    private final boolean apnsProduction;
    private final long timeToLiveSeconds;

    JPushChannelProvider(JPushProperties properties, RestClient.Builder builder) {
        require("loanflow.notice.jpush.app-key", properties.appKey());
        require("loanflow.notice.jpush.master-secret", properties.masterSecret());
        Duration ttl = properties.timeToLive();
        if (ttl.isNegative() || ttl.compareTo(MAX_TIME_TO_LIVE) > 0) {
            throw new IllegalStateException("loanflow.notice.jpush.time-to-live must be between 0 and 10 days: "
                    + ttl);
        }
        this.apnsProduction = properties.apnsProduction();
        this.timeToLiveSeconds = ttl.toSeconds();
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(properties.timeouts().connect())
                .build();
        JdkClientHttpRequestFactory requestFactory = new JdkClientHttpRequestFactory(http);
        requestFactory.setReadTimeout(properties.timeouts().read());
        this.client = builder
                .requestFactory(requestFactory)
                .baseUrl(properties.baseUrl())
                .defaultHeaders(headers -> headers.setBasicAuth(properties.appKey(), properties.masterSecret(),
                        StandardCharsets.UTF_8))
                .build();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean supports(Channel channel) {
        return channel == Channel.PUSH;
    }

    @Override
    public SendResult send(OutboundMessage message) {
        Answer answer;
        try {
            answer = client.post()
                    .uri("/v3/push")
                    .contentType(MediaType.APPLICATION_JSON)
                    .accept(MediaType.APPLICATION_JSON)
                    .body(payload(message))
                    .exchange((request, response) -> new Answer(response.getStatusCode().value(),
                            new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8)));
        } catch (RestClientException e) {
            String code = ioCode(e);
            String text = "JPush did not answer: " + rootCause(e);
            // Only a connection never made proves JPush did not get the push.
            throw failure(message, "CONNECT".equals(code) ? DeliveryException.temporary(code, text, e)
                    : DeliveryException.outcomeUnknown(code, text, e));
        }
        String msgId = answer.messageId(json);
        if (msgId == null) {
            throw failure(message, answer.failure(json));
        }
        log.info("Push attempt {} of notice {} accepted by JPush as msg_id {}", message.attemptId(),
                message.noticeId(), msgId);
        return new SendResult(NAME, msgId);
    }

    /**
     * The push request. {@code sendno} only identifies the request in JPush's answer and console; JPush does not
     * deduplicate on it.
     */
    byte[] payload(OutboundMessage message) {
        String subject = message.content().subject();
        String body = message.content().body();
        ObjectNode root = json.createObjectNode();
        root.put("platform", "all");
        root.putObject("audience").putArray("registration_id").add(message.address());
        ObjectNode notification = root.putObject("notification");
        notification.put("alert", body);
        ObjectNode android = notification.putObject("android");
        android.put("alert", body);
        if (subject != null) {
            android.put("title", subject);
        }
        extras(android, message);
        ObjectNode ios = notification.putObject("ios");
        ObjectNode iosAlert = ios.putObject("alert");
        if (subject != null) {
            iosAlert.put("title", subject);
        }
        iosAlert.put("body", body);
        extras(ios, message);
        ObjectNode options = root.putObject("options");
        options.put("apns_production", apnsProduction);
        options.put("time_to_live", timeToLiveSeconds);
        options.put("sendno", sendno(message.attemptId()));
        try {
            return json.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A tree of strings always serializes", e);
        }
    }

    /** A non-negative int from the attempt id; {@link String#hashCode()} is fixed by the language specification. */
    static int sendno(String attemptId) {
        return attemptId.hashCode() & Integer.MAX_VALUE;
    }

    private static void extras(ObjectNode platform, OutboundMessage message) {
        ObjectNode extras = platform.putObject("extras");
        extras.put("noticeId", message.noticeId());
        extras.put("attemptId", message.attemptId());
    }

    private DeliveryException failure(OutboundMessage message, DeliveryException failure) {
        log.warn("Push attempt {} of notice {} failed ({}, {}): {}", message.attemptId(), message.noticeId(),
                failure.kind(), failure.code(), failure.getMessage());
        return failure;
    }

    private static String ioCode(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof HttpTimeoutException || cause instanceof SocketTimeoutException) {
                return "TIMEOUT";
            }
            if (cause instanceof ConnectException) {
                return "CONNECT";
            }
        }
        return "IO";
    }

    private static String rootCause(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }

    private static void require(String property, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(property + " is required when loanflow.notice.jpush.enabled=true");
        }
    }

    /** What JPush answered, read in full before the connection is given back. */
    private record Answer(int status, String body) {

        /** The {@code msg_id} of a successful push, or null. */
        String messageId(ObjectMapper json) {
            if (status / 100 != 2) {
                return null;
            }
            JsonNode answer = parse(json);
            if (answer == null || answer.has("error")) {
                return null;
            }
            JsonNode msgId = answer.path("msg_id");
            return msgId.isValueNode() && !msgId.isNull() && !msgId.asText().isBlank() ? msgId.asText() : null;
        }

        /**
         * Only 1011 speaks about the borrower's device. 1003/1004 (bad request, authentication), 1008/1009 (our app
         * key, unsupported audience) are our configuration; 2002/2003 (rate and volume limits), 1000/1030 and 5xx
         * are JPush's load: all retried, none marks the borrower's push address invalid.
         */
        DeliveryException failure(ObjectMapper json) {
            JsonNode answer = parse(json);
            JsonNode error = answer == null ? MissingNode.getInstance() : answer.path("error");
            String code = error.path("code").isValueNode() ? error.path("code").asText().strip() : "";
            if (code.isEmpty()) {
                if (status / 100 == 2) {
                    return DeliveryException.outcomeUnknown("MALFORMED",
                            "JPush answered without msg_id: " + abbreviate(body), null);
                }
                return DeliveryException.temporary("HTTP_" + status,
                        "JPush answered HTTP " + status + ": " + abbreviate(body));
            }
            String text = "JPush error " + code + " (HTTP " + status + "): " + error.path("message").asText("");
            return String.valueOf(NO_TARGET).equals(code)
                    ? DeliveryException.permanent(code, text)
                    : DeliveryException.temporary(code, text);
        }

        private JsonNode parse(ObjectMapper json) {
            try {
                JsonNode node = json.readTree(body);
                return node != null && node.isObject() ? node : null;
            } catch (JsonProcessingException e) {
                return null;
            }
        }

        private static String abbreviate(String text) {
            return text.length() <= 200 ? text : text.substring(0, 200) + "…";
        }
    }
}
