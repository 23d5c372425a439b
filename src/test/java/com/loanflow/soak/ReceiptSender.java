package com.loanflow.soak;

import static com.loanflow.soak.ProviderWorld.PUBLIC_URL;
import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.loanflow.common.Hmac;
import com.loanflow.soak.FaultPlan.ReceiptFate;
import com.loanflow.soak.ProviderWorld.Sent;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts each taken message's receipts to LoanFlow's real webhooks, in each provider's own format and signed the way
 * that provider signs: Aliyun's SmsReport batch (token in the push URL), Twilio's status callback
 * ({@code X-Twilio-Signature}), Mailgun's event (HMAC of timestamp and token) and WeChat's TEMPLATESENDJOBFINISH
 * push (SHA-1 of token, timestamp and nonce). Like the providers, it posts a receipt again when LoanFlow does not
 * take it (a non-2xx answer), twice at most.
 */
final class ReceiptSender {

    private static final Logger log = LoggerFactory.getLogger(ReceiptSender.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter ALIYUN_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final Map<String, Duration> CONFIRMATION_TIMEOUT = Map.of(ProviderWorld.ALIYUN,
            Duration.ofMinutes(15), ProviderWorld.TWILIO, Duration.ofMinutes(15), ProviderWorld.WECHAT,
            Duration.ofMinutes(15), ProviderWorld.EMAIL, Duration.ofHours(2));

    private record Receipt(String outcome, String eventId, Instant reportedAt) {
    }

    private final ProviderWorld world;
    private final SoakClient client;
    private final SoakClock clock;
    private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(4);

    ReceiptSender(ProviderWorld world, SoakClient client, SoakClock clock) {
        this.world = world;
        this.client = client;
        this.clock = clock;
    }

    void plan(Sent message, ReceiptFate fate) {
        long soon = 100 + ThreadLocalRandom.current().nextLong(2400);
        Instant at = clock.now();
        switch (fate) {
            case DELIVERED -> later(soon, message, new Receipt("DELIVERED", id(), at));
            case DELIVERED_BEFORE_SEND_COMMITS -> later(0, message, new Receipt("DELIVERED", id(), at));
            case DELIVERED_DUPLICATED -> {
                Receipt once = new Receipt("DELIVERED", id(), at);
                later(soon, message, once);
                later(soon + 300 + ThreadLocalRandom.current().nextLong(1200), message, once);
            }
            case DELIVERED_REORDERED -> {
                later(soon, message, new Receipt("DELIVERED", id(), at.plusSeconds(20)));
                later(soon + 200, message, new Receipt("TEMPORARY_FAILURE", id(), at.plusSeconds(5)));
            }
            case DELIVERED_AFTER_TIMEOUT -> {
                Duration late = CONFIRMATION_TIMEOUT.get(message.provider())
                        .plusMinutes(5 + ThreadLocalRandom.current().nextInt(60));
                clock.at(message.engineAt().plus(late), "late receipt of " + message.attemptId(),
                        () -> post(message, new Receipt("DELIVERED", id(), clock.now()), 0));
            }
            case TEMPORARY_FAILURE -> later(soon, message, new Receipt("TEMPORARY_FAILURE", id(), at));
            case PERMANENT_FAILURE -> later(soon, message, new Receipt("PERMANENT_FAILURE", id(), at));
            case SILENT -> {
                // The borrower has it; the provider never says so.
            }
        }
    }

    private void later(long millis, Sent message, Receipt receipt) {
        timer.schedule(() -> post(message, receipt, 0), millis, TimeUnit.MILLISECONDS);
    }

    private void post(Sent message, Receipt receipt, int retry) {
        try {
            HttpResponse<String> answer = switch (message.provider()) {
                case ProviderWorld.ALIYUN -> aliyun(message, receipt);
                case ProviderWorld.TWILIO -> twilio(message, receipt);
                case ProviderWorld.WECHAT -> wechat(message, receipt);
                case ProviderWorld.EMAIL -> mailgun(message, receipt);
                default -> throw new IllegalArgumentException(message.provider());
            };
            world.recordReceipt(new ProviderWorld.PostedReceipt(message.id(), receipt.outcome(), Instant.now(),
                    answer.statusCode()));
            if (answer.statusCode() / 100 != 2 && retry < 2) {
                timer.schedule(() -> post(message, receipt, retry + 1), 1000L * (retry + 1) * 2,
                        TimeUnit.MILLISECONDS);
            }
        } catch (RuntimeException e) {
            log.warn("Receipt {} of {} not posted: {}", receipt.outcome(), message.attemptId(), e.toString());
        }
    }

    private HttpResponse<String> aliyun(Sent message, Receipt receipt) {
        String time = ALIYUN_TIME.format(receipt.reportedAt().atZone(SoakRequests.BEIJING));
        boolean success = receipt.outcome().equals("DELIVERED");
        String code = switch (receipt.outcome()) {
            case "DELIVERED" -> "DELIVERED";
            case "PERMANENT_FAILURE" -> "MOBILE_NOT_ON_SERVICE";
            default -> "MOBILE_OUT_OF_SERVICE";
        };
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("phone_number", message.address().substring(3));
        report.put("send_time", time);
        report.put("report_time", time);
        report.put("success", success);
        report.put("err_code", code);
        report.put("err_msg", success ? "用户接收成功" : "失败");
        report.put("sms_size", "1");
        report.put("biz_id", message.messageId());
        report.put("out_id", message.attemptId());
        return client.post("Aliyun SmsReport", "/api/webhooks/aliyun-sms/receipts?token="
                + ProviderWorld.ALIYUN_CALLBACK_TOKEN, "application/json", json(List.of(report)), Map.of());
    }

    private HttpResponse<String> twilio(Sent message, Receipt receipt) {
        String callback = PUBLIC_URL + "/api/webhooks/twilio/receipts?attemptId="
                + URLEncoder.encode(message.attemptId(), UTF_8);
        Map<String, String> form = new LinkedHashMap<>();
        String status = receipt.outcome().equals("DELIVERED") ? "delivered" : "undelivered";
        form.put("SmsSid", message.messageId());
        form.put("SmsStatus", status);
        form.put("MessageStatus", status);
        form.put("To", message.address());
        form.put("MessageSid", message.messageId());
        form.put("AccountSid", ProviderWorld.TWILIO_ACCOUNT_SID);
        form.put("From", ProviderWorld.TWILIO_FROM);
        form.put("ApiVersion", "2010-04-01");
        if (!receipt.outcome().equals("DELIVERED")) {
            form.put("ErrorCode", receipt.outcome().equals("PERMANENT_FAILURE") ? "30005" : "30003");
        }
        StringBuilder signed = new StringBuilder(callback);
        form.keySet().stream().sorted().forEach(name -> signed.append(name).append(form.get(name)));
        String signature = Base64.getEncoder().encodeToString(Hmac.sha1(
                ProviderWorld.TWILIO_AUTH_TOKEN.getBytes(UTF_8), signed.toString().getBytes(UTF_8)));
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), UTF_8) + "=" + URLEncoder.encode(e.getValue(), UTF_8))
                .collect(Collectors.joining("&"));
        return client.post("Twilio status callback", callback.substring(PUBLIC_URL.length()),
                "application/x-www-form-urlencoded", body, Map.of("X-Twilio-Signature", signature));
    }

    private HttpResponse<String> wechat(Sent message, Receipt receipt) {
        String status = switch (receipt.outcome()) {
            case "DELIVERED" -> "success";
            case "PERMANENT_FAILURE" -> "failed:user block";
            default -> "failed: system failed";
        };
        String xml = "<xml><ToUserName><![CDATA[gh_soak0123456]]></ToUserName>"
                + "<FromUserName><![CDATA[" + message.address() + "]]></FromUserName>"
                + "<CreateTime>" + receipt.reportedAt().getEpochSecond() + "</CreateTime>"
                + "<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[TEMPLATESENDJOBFINISH]]></Event>"
                + "<MsgID>" + message.messageId() + "</MsgID><Status><![CDATA[" + status + "]]></Status></xml>";
        String timestamp = String.valueOf(clock.now().getEpochSecond());
        String nonce = String.valueOf(100000000 + ThreadLocalRandom.current().nextInt(899999999));
        String[] parts = {ProviderWorld.WECHAT_TOKEN, timestamp, nonce};
        Arrays.sort(parts);
        String signature = sha1Hex(String.join("", parts));
        return client.post("WeChat TEMPLATESENDJOBFINISH", "/api/webhooks/wechat/receipts?signature=" + signature
                + "&timestamp=" + timestamp + "&nonce=" + nonce + "&openid=" + message.address(), "text/xml", xml,
                Map.of());
    }

    private HttpResponse<String> mailgun(Sent message, Receipt receipt) {
        String seconds = String.valueOf(clock.now().getEpochSecond());
        String token = UUID.randomUUID().toString().replace("-", "");
        String signature = HexFormat.of().formatHex(Hmac.sha256(
                ProviderWorld.EMAIL_SIGNING_KEY.getBytes(UTF_8), (seconds + token).getBytes(UTF_8)));
        String bare = message.messageId().replaceAll("^<|>$", "");
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("id", receipt.eventId());
        event.put("timestamp", receipt.reportedAt().getEpochSecond() + 0.25);
        event.put("event", receipt.outcome().equals("DELIVERED") ? "delivered" : "failed");
        if (!receipt.outcome().equals("DELIVERED")) {
            event.put("severity", receipt.outcome().equals("PERMANENT_FAILURE") ? "permanent" : "temporary");
            event.put("reason", receipt.outcome().equals("PERMANENT_FAILURE") ? "bounce" : "generic");
        }
        event.put("delivery-status", Map.of("code", receipt.outcome().equals("DELIVERED") ? 250 : 550,
                "message", "soak", "attempt-no", 1));
        event.put("message", Map.of("headers", Map.of("message-id", bare, "to", message.address())));
        event.put("recipient", message.address());
        return client.post("Mailgun event", "/api/webhooks/email/receipts", "application/json",
                json(Map.of("signature", Map.of("timestamp", seconds, "token", token, "signature", signature),
                        "event-data", event)), Map.of());
    }

    private static String id() {
        return UUID.randomUUID().toString();
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha1Hex(String data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(data.getBytes(UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    void close() {
        timer.shutdownNow();
    }
}
