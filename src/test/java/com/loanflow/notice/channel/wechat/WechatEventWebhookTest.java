package com.loanflow.notice.channel.wechat;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.loanflow.notice.channel.ProviderReceipt;
import com.loanflow.notice.channel.ReceiptOutcome;
import com.loanflow.notice.channel.WebhookRequest;
import com.loanflow.support.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class WechatEventWebhookTest {

    /** Stands in for a server an XXE payload would make the parser call. */
    @RegisterExtension
    static WireMockExtension attacker = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final String TOKEN = "loanflow-token";
    private static final String TIMESTAMP = "1700000000";
    private static final String NONCE = "123456";
    /** hex(SHA1("123456" + "1700000000" + "loanflow-token")), worked out outside this code. */
    private static final String SIGNATURE = "b4b29450df2c67f8a4525af9b4a917b71a5dc3b4";

    private final MutableClock clock = new MutableClock(Instant.ofEpochSecond(1_700_000_030));
    private WechatEventWebhook webhook = webhook(TOKEN);

    private WechatEventWebhook webhook(String token) {
        return new WechatEventWebhook(new WechatProperties(true, "wx-app", "app-secret", token,
                "https://api.weixin.qq.com", null, Duration.ofSeconds(5), Duration.ofSeconds(10)), clock);
    }

    @Test
    void givenWechatSignature_whenChecked_thenAuthentic() {
        assertThat(webhook.authentic(request(SIGNATURE, TIMESTAMP, NONCE, templateFinished("success"))))
                .isTrue();
        assertThat(webhook.provider()).isEqualTo("wechat");
    }

    @Test
    void givenUppercaseHexSignature_whenChecked_thenAuthentic() {
        assertThat(webhook.authentic(request(SIGNATURE.toUpperCase(), TIMESTAMP, NONCE, ""))).isTrue();
    }

    @Test
    void givenSignatureOfAnotherNonce_whenChecked_thenRejected() {
        assertThat(webhook.authentic(request(SIGNATURE, TIMESTAMP, "654321", ""))).isFalse();
    }

    @Test
    void givenSignatureMadeWithAnotherToken_whenChecked_thenRejected() {
        String forged = WechatEventWebhook.signature("guessed-token", TIMESTAMP, NONCE);

        assertThat(webhook.authentic(request(forged, TIMESTAMP, NONCE, ""))).isFalse();
    }

    @Test
    void givenMissingParameters_whenChecked_thenRejected() {
        assertThat(webhook.authentic(request(null, TIMESTAMP, NONCE, ""))).isFalse();
        assertThat(webhook.authentic(request(SIGNATURE, null, NONCE, ""))).isFalse();
        assertThat(webhook.authentic(request(SIGNATURE, TIMESTAMP, null, ""))).isFalse();
    }

    @Test
    void givenNoTokenConfigured_whenSignedWithAnEmptyToken_thenRejected() {
        webhook = webhook("");
        String withoutToken = WechatEventWebhook.signature("", TIMESTAMP, NONCE);

        assertThat(webhook.authentic(request(withoutToken, TIMESTAMP, NONCE, ""))).isFalse();
    }

    @Test
    void givenValidSignatureOfAnOldPush_whenReplayedLater_thenRejected() {
        clock.advance(WechatEventWebhook.MAX_AGE.minusSeconds(30));
        assertThat(webhook.authentic(request(SIGNATURE, TIMESTAMP, NONCE, ""))).isTrue();

        clock.advance(Duration.ofSeconds(1));

        assertThat(webhook.authentic(request(SIGNATURE, TIMESTAMP, NONCE, ""))).isFalse();
    }

    @Test
    void givenTemplateDeliveredEvent_whenRead_thenDeliveredReceiptByMsgId() {
        List<ProviderReceipt> receipts = webhook.receipts(request(SIGNATURE, TIMESTAMP, NONCE,
                templateFinished("success")));

        assertThat(receipts).containsExactly(new ProviderReceipt("wechat", "200228332", null,
                ReceiptOutcome.DELIVERED, "success", Instant.ofEpochSecond(1_700_000_000), "200228332:success"));
        assertThat(webhook.acknowledgement()).isEqualTo("success");
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
            "success               | DELIVERED",
            "failed:user block     | PERMANENT_FAILURE",
            "failed: system failed | TEMPORARY_FAILURE",
            "failed:something new  | TEMPORARY_FAILURE"})
    void givenTemplateSendStatus_whenRead_thenOutcome(String status, ReceiptOutcome outcome) {
        List<ProviderReceipt> receipts = webhook.receipts(request(SIGNATURE, TIMESTAMP, NONCE,
                templateFinished(status)));

        assertThat(receipts).singleElement().satisfies(receipt -> {
            assertThat(receipt.outcome()).isEqualTo(outcome);
            assertThat(receipt.detail()).isEqualTo(status);
            assertThat(receipt.eventId()).isEqualTo("200228332:" + status);
        });
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "<xml><ToUserName><![CDATA[gh_0123456789ab]]></ToUserName><FromUserName><![CDATA[oBorrower]]>"
                    + "</FromUserName><CreateTime>1700000000</CreateTime><MsgType><![CDATA[event]]></MsgType>"
                    + "<Event><![CDATA[subscribe]]></Event></xml>",
            "<xml><ToUserName><![CDATA[gh_0123456789ab]]></ToUserName><FromUserName><![CDATA[oBorrower]]>"
                    + "</FromUserName><CreateTime>1700000000</CreateTime><MsgType><![CDATA[text]]></MsgType>"
                    + "<Content><![CDATA[我的结清证明呢?]]></Content><MsgId>1234567890123456</MsgId></xml>"})
    void givenOtherEventOrUserMessage_whenRead_thenNoReceipt(String xml) {
        assertThat(webhook.receipts(request(SIGNATURE, TIMESTAMP, NONCE, xml))).isEmpty();
    }

    @Test
    void givenXxePayload_whenRead_thenRefusedWithoutFetchingTheEntity() {
        attacker.stubFor(get(anyUrl()).willReturn(ok("success")));
        String xxe = """
                <?xml version="1.0"?>
                <!DOCTYPE xml [<!ENTITY status SYSTEM "%s/leak">]>
                <xml><ToUserName><![CDATA[gh_0123456789ab]]></ToUserName>\
                <FromUserName><![CDATA[oBorrower]]></FromUserName><CreateTime>1700000000</CreateTime>\
                <MsgType><![CDATA[event]]></MsgType><Event><![CDATA[TEMPLATESENDJOBFINISH]]></Event>\
                <MsgID>200228332</MsgID><Status>&status;</Status></xml>""".formatted(attacker.baseUrl());

        assertThatThrownBy(() -> webhook.receipts(request(SIGNATURE, TIMESTAMP, NONCE, xxe)))
                .isInstanceOf(IllegalArgumentException.class);
        attacker.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void givenEntityExpansionBomb_whenRead_thenRefused() {
        String bomb = """
                <?xml version="1.0"?>
                <!DOCTYPE xml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
                <xml><MsgType>event</MsgType><Event>TEMPLATESENDJOBFINISH</Event><MsgID>1</MsgID>\
                <CreateTime>1700000000</CreateTime><Status>&b;</Status></xml>""";

        assertThatThrownBy(() -> webhook.receipts(request(SIGNATURE, TIMESTAMP, NONCE, bomb)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "success",
            "<xml><MsgType>event</MsgType>",
            "{\"MsgType\": \"event\"}",
            "<root><MsgType>event</MsgType></root>",
            "<xml><ToUserName><![CDATA[gh_0123456789ab]]></ToUserName><Encrypt><![CDATA[c2VjcmV0]]></Encrypt></xml>",
            "<xml><MsgType>event</MsgType><Event>TEMPLATESENDJOBFINISH</Event><CreateTime>1700000000</CreateTime>"
                    + "<Status>success</Status></xml>",
            "<xml><MsgType>event</MsgType><Event>TEMPLATESENDJOBFINISH</Event><CreateTime>yesterday</CreateTime>"
                    + "<MsgID>200228332</MsgID><Status>success</Status></xml>"})
    void givenBodyNotAWechatPush_whenRead_thenIllegalArgument(String body) {
        assertThatThrownBy(() -> webhook.receipts(request(SIGNATURE, TIMESTAMP, NONCE, body)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static String templateFinished(String status) {
        return "<xml><ToUserName><![CDATA[gh_0123456789ab]]></ToUserName>"
                + "<FromUserName><![CDATA[oLoanFlowBorrower00000012]]></FromUserName>"
                + "<CreateTime>1700000000</CreateTime><MsgType><![CDATA[event]]></MsgType>"
                + "<Event><![CDATA[TEMPLATESENDJOBFINISH]]></Event><MsgID>200228332</MsgID>"
                + "<Status><![CDATA[" + status + "]]></Status></xml>";
    }

    private static WebhookRequest request(String signature, String timestamp, String nonce, String body) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        StringBuilder query = new StringBuilder();
        put(parameters, query, "signature", signature);
        put(parameters, query, "timestamp", timestamp);
        put(parameters, query, "nonce", nonce);
        put(parameters, query, "openid", "oLoanFlowBorrower00000012");
        return new WebhookRequest("https://loanflow.example.com/api/webhooks/wechat/receipts?" + query,
                Map.of("Content-Type", "text/xml"), parameters, body.getBytes(StandardCharsets.UTF_8), "text/xml");
    }

    private static void put(Map<String, List<String>> parameters, StringBuilder query, String name, String value) {
        if (value != null) {
            parameters.put(name, List.of(value));
            query.append(query.isEmpty() ? "" : "&").append(name).append('=').append(value);
        }
    }
}
