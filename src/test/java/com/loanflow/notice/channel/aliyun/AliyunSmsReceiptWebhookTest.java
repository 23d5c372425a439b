package com.loanflow.notice.channel.aliyun;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.loanflow.notice.channel.ProviderReceipt;
import com.loanflow.notice.channel.ReceiptOutcome;
import com.loanflow.notice.channel.WebhookRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Aliyun's SmsReport pushes: authentic only with LoanFlow's token, each report mapped to what it means. */
class AliyunSmsReceiptWebhookTest {

    static final String TOKEN = "s3cr3t-callback-token-0123456789";
    static final String URL = "https://loanflow.example.com/api/webhooks/aliyun-sms/receipts?token=" + TOKEN;

    private final AliyunSmsReceiptWebhook webhook = new AliyunSmsReceiptWebhook(new AliyunSmsProperties(true,
            "testId", "testSecret", "阿里云短信测试专用", "https://dysmsapi.aliyuncs.com", TOKEN, Duration.ofSeconds(2),
            Duration.ofSeconds(5)));

    static WebhookRequest push(String token, String body) {
        Map<String, List<String>> parameters = token == null ? Map.of() : Map.of("token", List.of(token));
        String url = token == null ? URL.substring(0, URL.indexOf('?')) : URL.replace(TOKEN, token);
        return new WebhookRequest(url, Map.of("Content-Type", "application/json"), parameters, body.getBytes(UTF_8),
                "application/json");
    }

    static String report(boolean success, String errCode, String errMsg) {
        return "{\"phone_number\":\"13800138000\",\"send_time\":\"2026-03-01 16:00:00\","
                + "\"report_time\":\"2026-03-01 16:00:05\",\"success\":" + success + ",\"err_code\":\"" + errCode
                + "\",\"err_msg\":\"" + errMsg + "\",\"sms_size\":\"1\",\"biz_id\":\"900619746936498440^0\","
                + "\"out_id\":\"AT-42\"}";
    }

    @Test
    void givenTheConfiguredToken_whenChecked_thenAuthentic() {
        assertThat(webhook.authentic(push(TOKEN, "[]"))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"s3cr3t-callback-token-012345678", "s3cr3t-callback-token-01234567890", "", "guess"})
    void givenAnotherToken_whenChecked_thenNotAuthentic(String token) {
        assertThat(webhook.authentic(push(token, "[]"))).isFalse();
    }

    @Test
    void givenNoToken_whenChecked_thenNotAuthentic() {
        assertThat(webhook.authentic(push(null, "[]"))).isFalse();
    }

    @Test
    void givenNoConfiguredToken_whenChecked_thenNothingIsAuthentic() {
        AliyunSmsReceiptWebhook unconfigured = new AliyunSmsReceiptWebhook(new AliyunSmsProperties(false, null, null,
                null, "https://dysmsapi.aliyuncs.com", null, Duration.ofSeconds(2), Duration.ofSeconds(5)));

        assertThat(unconfigured.authentic(push("", "[]"))).isFalse();
        assertThat(unconfigured.authentic(push("null", "[]"))).isFalse();
    }

    @Test
    void givenADeliveredReport_whenRead_thenDeliveredForTheOutIdAtTheReportTimeInBeijing() {
        List<ProviderReceipt> receipts = webhook.receipts(push(TOKEN, "[" + report(true, "DELIVERED", "用户接收成功")
                + "]"));

        assertThat(receipts).containsExactly(new ProviderReceipt("aliyun-sms", "900619746936498440^0", "AT-42",
                ReceiptOutcome.DELIVERED, "DELIVERED: 用户接收成功", Instant.parse("2026-03-01T08:00:05Z"),
                "900619746936498440^0:2026-03-01 16:00:05:DELIVERED"));
    }

    @ParameterizedTest
    @CsvSource({
            "MOBILE_NOT_ON_SERVICE, PERMANENT_FAILURE",
            "MOBILE_NUMBER_ILLEGAL, PERMANENT_FAILURE",
            "MOBILE_ACCOUNT_ABNORMAL, PERMANENT_FAILURE",
            "MOBILE_IN_BLACK, PERMANENT_FAILURE",
            "MOBILE_OUT_OF_SERVICE, TEMPORARY_FAILURE",
            "MOBILE_TERMINAL_ERROR, TEMPORARY_FAILURE",
            "SYSTEM_ERROR, TEMPORARY_FAILURE",
            "CONTENT_KEYWORD, TEMPORARY_FAILURE",
            "SOMETHING_NEW, TEMPORARY_FAILURE"})
    void givenAFailedReport_whenRead_thenTheErrorCodeDecidesWhetherTheNumberIsBad(String errCode,
                                                                                ReceiptOutcome outcome) {
        ProviderReceipt receipt = webhook.receipts(push(TOKEN, "[" + report(false, errCode, "失败") + "]")).get(0);

        assertThat(receipt.outcome()).isEqualTo(outcome);
        assertThat(receipt.detail()).isEqualTo(errCode + ": 失败");
        assertThat(receipt.eventId()).isEqualTo("900619746936498440^0:2026-03-01 16:00:05:" + errCode);
    }

    @Test
    void givenABatchOfReports_whenRead_thenOneReceiptEach() {
        String second = report(false, "MOBILE_NOT_ON_SERVICE", "停机").replace("AT-42", "AT-43")
                .replace("900619746936498440^0", "900619746936498441^0");

        List<ProviderReceipt> receipts = webhook.receipts(push(TOKEN, "[" + report(true, "DELIVERED", "成功") + ","
                + second + "]"));

        assertThat(receipts).extracting(ProviderReceipt::attemptId, ProviderReceipt::providerMessageId,
                        ProviderReceipt::outcome)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("AT-42", "900619746936498440^0", ReceiptOutcome.DELIVERED),
                        org.assertj.core.groups.Tuple.tuple("AT-43", "900619746936498441^0",
                                ReceiptOutcome.PERMANENT_FAILURE));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "not json",
            "{\"biz_id\":\"1\"}",
            "[{\"report_time\":\"2026-03-01 16:00:05\",\"success\":true}]",
            "[{\"biz_id\":\"1\",\"success\":true}]",
            "[{\"biz_id\":\"1\",\"report_time\":\"2026-03-01 16:00:05\"}]",
            "[{\"biz_id\":\"1\",\"report_time\":\"2026-03-01T16:00:05Z\",\"success\":true}]",
            "[\"1\"]"})
    void givenAMalformedPush_whenRead_thenRejected(String body) {
        assertThatThrownBy(() -> webhook.receipts(push(TOKEN, body))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void givenAPush_whenAcknowledged_thenAliyunsExpectedAnswer() {
        assertThat(webhook.acknowledgement()).isEqualTo("{\"code\":0,\"msg\":\"成功\"}");
    }
}
