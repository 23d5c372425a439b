package com.loanflow.notice.channel.aliyun;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.loanflow.notice.channel.ProviderReceipt;
import com.loanflow.notice.channel.ReceiptOutcome;
import com.loanflow.notice.channel.ReceiptWebhook;
import com.loanflow.notice.channel.WebhookRequest;
import java.io.IOException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Aliyun SMS delivery reports (SmsReport, HTTP batch push): a JSON array of
 * {@code {phone_number, send_time, report_time, success, err_code, err_msg, sms_size, biz_id, out_id}}, times in
 * Beijing time; Aliyun wants {@code {"code":0,"msg":"成功"}} back and re-pushes otherwise.
 *
 * <p><b>Authentication.</b> Aliyun does not sign these pushes. LoanFlow therefore configures the push URL in the Aliyun
 * console with a secret, {@code …/api/webhooks/aliyun-sms/receipts?token={loanflow.notice.aliyun-sms.callback-token}},
 * and a push is authentic if and only if its {@code token} query parameter equals that secret (compared in constant
 * time). Use a long random token over HTTPS, keep it out of access logs, and rotate it by changing both sides.
 *
 * <p><b>Outcomes.</b> {@code success: true} is delivered. A failure is permanent when it says the number cannot
 * receive SMS: {@code MOBILE_NOT_ON_SERVICE} (number suspended or not in service), {@code MOBILE_NUMBER_ILLEGAL}
 * (not a valid number), {@code MOBILE_ACCOUNT_ABNORMAL} (subscriber account abnormal) and {@code MOBILE_IN_BLACK}
 * (on the carrier's blacklist, typically because the borrower unsubscribed or complained, like Twilio's STOP).
 * Every other code is temporary: {@code MOBILE_OUT_OF_SERVICE} (handset off or out of coverage),
 * {@code MOBILE_TERMINAL_ERROR}, {@code MOBILE_SEND_LIMIT}, {@code CONTENT_KEYWORD}, {@code SYSTEM_ERROR} and codes
 * not listed here. The attempt id is {@code out_id}, the provider message id {@code biz_id}, and the event id
 * {@code biz_id:report_time:err_code}, so a re-pushed report is recognised.
 */
@Component
@ConditionalOnProperty(name = "loanflow.notice.aliyun-sms.enabled", havingValue = "true")
class AliyunSmsReceiptWebhook implements ReceiptWebhook {

    static final String TOKEN_PARAMETER = "token";
    static final String ACKNOWLEDGEMENT = "{\"code\":0,\"msg\":\"成功\"}";

    private static final Set<String> PERMANENT_ERRORS = Set.of("MOBILE_NOT_ON_SERVICE", "MOBILE_NUMBER_ILLEGAL",
            "MOBILE_ACCOUNT_ABNORMAL", "MOBILE_IN_BLACK");
    private static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
    private static final DateTimeFormatter REPORT_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final byte[] callbackToken;

    AliyunSmsReceiptWebhook(AliyunSmsProperties properties) {
        String token = properties.callbackToken();
        this.callbackToken = token == null || token.isBlank() ? null : token.getBytes(UTF_8);
    }

    @Override
    public String provider() {
        return AliyunSmsGateway.NAME;
    }

    @Override
    public boolean authentic(WebhookRequest request) {
        String token = request.parameter(TOKEN_PARAMETER);
        return callbackToken != null && token != null && MessageDigest.isEqual(callbackToken, token.getBytes(UTF_8));
    }

    @Override
    public List<ProviderReceipt> receipts(WebhookRequest request) {
        JsonNode reports;
        try {
            reports = request.body() == null ? null : JSON.readTree(request.body());
        } catch (IOException e) {
            throw new IllegalArgumentException("An Aliyun SMS report is JSON", e);
        }
        if (reports == null || !reports.isArray()) {
            throw new IllegalArgumentException("An Aliyun SMS report push is a JSON array");
        }
        List<ProviderReceipt> receipts = new ArrayList<>();
        for (JsonNode report : reports) {
            receipts.add(receipt(report));
        }
        return receipts;
    }

    private ProviderReceipt receipt(JsonNode report) {
        String bizId = text(report, "biz_id", true);
        String reportTime = text(report, "report_time", true);
        JsonNode success = report.path("success");
        boolean delivered;
        if (success.isBoolean()) {
            delivered = success.booleanValue();
        } else if (success.isTextual() && ("true".equals(success.textValue()) || "false".equals(success.textValue()))) {
            delivered = Boolean.parseBoolean(success.textValue());
        } else {
            throw new IllegalArgumentException("An Aliyun SMS report needs success true or false");
        }
        String errCode = text(report, "err_code", false);
        if (errCode == null) {
            errCode = delivered ? "DELIVERED" : "";
        }
        ReceiptOutcome outcome = delivered ? ReceiptOutcome.DELIVERED
                : PERMANENT_ERRORS.contains(errCode) ? ReceiptOutcome.PERMANENT_FAILURE
                : ReceiptOutcome.TEMPORARY_FAILURE;
        String errMsg = text(report, "err_msg", false);
        String detail = errMsg == null ? errCode : errCode + ": " + errMsg;
        return new ProviderReceipt(provider(), bizId, text(report, "out_id", false), outcome, detail,
                beijingTime(reportTime), bizId + ":" + reportTime + ":" + errCode);
    }

    private static Instant beijingTime(String reportTime) {
        try {
            return LocalDateTime.parse(reportTime, REPORT_TIME).atZone(BEIJING).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("An Aliyun SMS report_time is yyyy-MM-dd HH:mm:ss", e);
        }
    }

    private static String text(JsonNode report, String field, boolean required) {
        JsonNode value = report.path(field);
        if (value.isTextual() && !value.textValue().isBlank()) {
            return value.textValue();
        }
        if (value.isNumber()) {
            return value.asText();
        }
        if (required) {
            throw new IllegalArgumentException("An Aliyun SMS report needs " + field);
        }
        return null;
    }

    @Override
    public String acknowledgement() {
        return ACKNOWLEDGEMENT;
    }
}
