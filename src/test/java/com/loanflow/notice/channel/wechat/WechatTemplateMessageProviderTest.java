package com.loanflow.notice.channel.wechat;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToIgnoreCase;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.loanflow.notice.channel.wechat.WechatAccessTokensTest.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.loanflow.borrower.Channel;
import com.loanflow.notice.channel.ChannelContent;
import com.loanflow.notice.channel.ChannelContent.TemplateReference;
import com.loanflow.notice.channel.DeliveryException;
import com.loanflow.notice.channel.OutboundMessage;
import com.loanflow.notice.channel.SendResult;
import com.loanflow.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WechatTemplateMessageProviderTest {

    @RegisterExtension
    static WireMockExtension wechat = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final String SEND = WechatTemplateMessageProvider.PATH;
    private static final String TOKEN = WechatAccessTokens.PATH;
    private static final String OPEN_ID = "oLoanFlowBorrower00000012";
    private static final String OK = "{\"errcode\": 0, \"errmsg\": \"ok\", \"msgid\": 200228332}";

    private final MutableClock clock = new MutableClock(Instant.parse("2025-03-01T08:00:00Z"));
    private WechatTemplateMessageProvider provider;

    @BeforeEach
    void setUp() {
        provider = provider(Duration.ofSeconds(5));
    }

    private WechatTemplateMessageProvider provider(Duration readTimeout) {
        WechatProperties properties = new WechatProperties(true, "wx-app", "app-secret", "server-token",
                wechat.baseUrl(), "https://app.example.com/loans/{loanId}?from=wechat", Duration.ofSeconds(5),
                readTimeout);
        WechatApi api = new WechatApi(properties, new ObjectMapper());
        return new WechatTemplateMessageProvider(api, new WechatAccessTokens(api, properties, clock), properties);
    }

    @Test
    void givenWechatChannel_whenAskedWhatItSupports_thenOnlyWechat() {
        assertThat(provider.name()).isEqualTo("wechat");
        assertThat(Channel.values()).filteredOn(provider::supports).containsExactly(Channel.WECHAT);
    }

    @Test
    void givenTemplateMessage_whenSent_thenPostsTemplateDataWithAttemptIdAsClientMsgIdAndReturnsMsgid() {
        WechatAccessTokensTest.stubTokens(wechat, token("TOKEN-1", 7200));
        wechat.stubFor(post(urlPathEqualTo(SEND)).willReturn(okJson(OK)));

        SendResult result = provider.send(message("AT-7K3Q9X2M4TBW"));

        assertThat(result).isEqualTo(new SendResult("wechat", "200228332"));
        wechat.verify(1, postRequestedFor(urlPathEqualTo(SEND))
                .withQueryParam("access_token", equalTo("TOKEN-1"))
                .withHeader("Content-Type", equalToIgnoreCase("application/json; charset=utf-8"))
                .withRequestBody(equalToJson("""
                        {
                          "touser": "oLoanFlowBorrower00000012",
                          "template_id": "TPL-settled-01",
                          "url": "https://app.example.com/loans/LN-4D2Q8R6T1VXZ?from=wechat",
                          "client_msg_id": "AT-7K3Q9X2M4TBW",
                          "data": {
                            "first": {"value": "您的车贷已结清"},
                            "keyword1": {"value": "LN-4D2Q8R6T1VXZ"},
                            "keyword2": {"value": "2025-03-01"},
                            "remark": {"value": "结清证明可在 App 中下载。"}
                          }
                        }""")));
    }

    @Test
    void givenNoDetailUrl_whenSent_thenMessageWithoutUrl() {
        WechatProperties properties = new WechatProperties(true, "wx-app", "app-secret", "server-token",
                wechat.baseUrl(), null, Duration.ofSeconds(5), Duration.ofSeconds(5));
        WechatApi api = new WechatApi(properties, new ObjectMapper());
        provider = new WechatTemplateMessageProvider(api, new WechatAccessTokens(api, properties, clock), properties);
        WechatAccessTokensTest.stubTokens(wechat, token("TOKEN-1", 7200));
        wechat.stubFor(post(urlPathEqualTo(SEND)).willReturn(okJson(OK)));

        provider.send(message("AT-7K3Q9X2M4TBW"));

        assertThat(wechat.findAll(postRequestedFor(urlPathEqualTo(SEND))))
                .singleElement().satisfies(request -> assertThat(request.getBodyAsString())
                        .doesNotContain("\"url\"").contains("\"client_msg_id\":\"AT-7K3Q9X2M4TBW\""));
    }

    @Test
    void givenSeveralSends_whenTokenStillValid_thenTokenFetchedOnce() {
        WechatAccessTokensTest.stubTokens(wechat, token("TOKEN-1", 7200), token("TOKEN-2", 7200));
        wechat.stubFor(post(urlPathEqualTo(SEND)).willReturn(okJson(OK)));

        for (int i = 0; i < 3; i++) {
            provider.send(message("AT-00000000000" + i));
            clock.advance(Duration.ofMinutes(10));
        }

        wechat.verify(1, postRequestedFor(urlPathEqualTo(TOKEN)));
        wechat.verify(3, postRequestedFor(urlPathEqualTo(SEND)).withQueryParam("access_token", equalTo("TOKEN-1")));
    }

    @Test
    void givenTokenAboutToExpire_whenSent_thenNewTokenFetchedAndUsed() {
        WechatAccessTokensTest.stubTokens(wechat, token("TOKEN-1", 7200), token("TOKEN-2", 7200));
        wechat.stubFor(post(urlPathEqualTo(SEND)).willReturn(okJson(OK)));
        provider.send(message("AT-000000000001"));

        clock.advance(Duration.ofHours(2).minusMinutes(4));
        provider.send(message("AT-000000000002"));

        wechat.verify(2, postRequestedFor(urlPathEqualTo(TOKEN)));
        wechat.verify(1, postRequestedFor(urlPathEqualTo(SEND)).withQueryParam("access_token", equalTo("TOKEN-2"))
                .withRequestBody(equalToJson("{\"client_msg_id\": \"AT-000000000002\"}", true, true)));
    }

    @ParameterizedTest(name = "errcode {0}")
    @CsvSource({"40001", "40014", "42001"})
    void givenTokenRejected_whenSent_thenOneNewTokenAndOneRetryOfTheSameMessage(int errcode) {
        WechatAccessTokensTest.stubTokens(wechat, token("TOKEN-1", 7200), token("TOKEN-2", 7200));
        wechat.stubFor(post(urlPathEqualTo(SEND)).withQueryParam("access_token", equalTo("TOKEN-1"))
                .willReturn(okJson(error(errcode, "invalid credential, access_token is invalid or not latest"))));
        wechat.stubFor(post(urlPathEqualTo(SEND)).withQueryParam("access_token", equalTo("TOKEN-2"))
                .willReturn(okJson(OK)));

        SendResult result = provider.send(message("AT-7K3Q9X2M4TBW"));

        assertThat(result.providerMessageId()).isEqualTo("200228332");
        wechat.verify(2, postRequestedFor(urlPathEqualTo(TOKEN)));
        wechat.verify(2, postRequestedFor(urlPathEqualTo(SEND))
                .withRequestBody(equalToJson("{\"client_msg_id\": \"AT-7K3Q9X2M4TBW\"}", true, true)));
    }

    @Test
    void givenNewTokenRejectedToo_whenSent_thenTemporaryFailureAfterOneRetry() {
        WechatAccessTokensTest.stubTokens(wechat, token("TOKEN-1", 7200), token("TOKEN-2", 7200),
                token("TOKEN-3", 7200));
        wechat.stubFor(post(urlPathEqualTo(SEND)).willReturn(okJson(error(40001, "invalid credential"))));

        assertThatThrownBy(() -> provider.send(message("AT-7K3Q9X2M4TBW")))
                .isInstanceOfSatisfying(DeliveryException.class, e -> {
                    assertThat(e.permanent()).isFalse();
                    assertThat(e.code()).isEqualTo("40001");
                });
        wechat.verify(2, postRequestedFor(urlPathEqualTo(TOKEN)));
        wechat.verify(2, postRequestedFor(urlPathEqualTo(SEND)));
    }

    @Test
    void givenEightConcurrentSends_whenNoTokenCached_thenOneTokenRequest() throws Exception {
        wechat.stubFor(post(urlPathEqualTo(TOKEN)).willReturn(okJson(token("TOKEN-1", 7200)).withFixedDelay(300)));
        wechat.stubFor(post(urlPathEqualTo(SEND)).willReturn(okJson(OK)));
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<SendResult>> sends = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String attemptId = "AT-00000000000" + i;
                sends.add(threads.submit(() -> {
                    start.await();
                    return provider.send(message(attemptId));
                }));
            }
            start.countDown();
            for (Future<SendResult> send : sends) {
                assertThat(send.get(5, TimeUnit.SECONDS).providerMessageId()).isEqualTo("200228332");
            }
        } finally {
            threads.shutdownNow();
        }

        wechat.verify(1, postRequestedFor(urlPathEqualTo(TOKEN)));
        wechat.verify(8, postRequestedFor(urlPathEqualTo(SEND)).withQueryParam("access_token", equalTo("TOKEN-1")));
    }

    @ParameterizedTest(name = "errcode {0} → permanent={1}")
    @CsvSource({
            // the borrower cannot be reached on this openid
            "43004, true", "43101, true", "40003, true",
            // our template or account set-up: an operator fixes it, the address is fine
            "40037, false", "47003, false", "40013, false", "40125, false",
            // WeChat throttling or busy
            "45009, false", "-1, false",
            // anything WeChat adds later is not taken as the borrower's fault
            "99999, false"})
    void givenWechatError_whenSent_thenClassified(int errcode, boolean permanent) {
        WechatAccessTokensTest.stubTokens(wechat, token("TOKEN-1", 7200));
        wechat.stubFor(post(urlPathEqualTo(SEND)).willReturn(okJson(error(errcode, "some reason rid: 65a1"))));

        assertThatThrownBy(() -> provider.send(message("AT-7K3Q9X2M4TBW")))
                .isInstanceOfSatisfying(DeliveryException.class, e -> {
                    assertThat(e.permanent()).isEqualTo(permanent);
                    assertThat(e.code()).isEqualTo(String.valueOf(errcode));
                    assertThat(e.getMessage()).contains("some reason rid: 65a1").doesNotContain(OPEN_ID);
                });
        wechat.verify(1, postRequestedFor(urlPathEqualTo(SEND)));
    }

    @ParameterizedTest(name = "errcode {0}")
    @CsvSource({"40037", "47003", "40013", "40125"})
    void givenSetUpError_whenSent_thenMessageTellsAnOperatorTheAddressIsFine(int errcode) {
        WechatAccessTokensTest.stubTokens(wechat, token("TOKEN-1", 7200));
        wechat.stubFor(post(urlPathEqualTo(SEND)).willReturn(okJson(error(errcode, "invalid"))));

        assertThatThrownBy(() -> provider.send(message("AT-7K3Q9X2M4TBW")))
                .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.getMessage())
                        .contains("operator", "TPL-settled-01", "the borrower's address is fine"));
    }

    @Test
    void givenAttemptWeChatAlreadyHas_whenSentAgain_thenItsExistingMessageId() {
        WechatAccessTokensTest.stubTokens(wechat, token("TOKEN-1", 7200));
        wechat.stubFor(post(urlPathEqualTo(SEND)).willReturn(okJson(
                "{\"errcode\": 45065, \"errmsg\": \"clientmsgid exist\", \"msg_id\": 200228332}")));

        assertThat(provider.send(message("AT-7K3Q9X2M4TBW"))).isEqualTo(new SendResult("wechat", "200228332"));
    }

    @Test
    void givenServerError_whenSent_thenTemporary() {
        WechatAccessTokensTest.stubTokens(wechat, token("TOKEN-1", 7200));
        wechat.stubFor(post(urlPathEqualTo(SEND)).willReturn(aResponse().withStatus(500)));

        assertTemporary("HTTP_500");
    }

    @Test
    void givenNoAnswerWithinReadTimeout_whenSent_thenTemporaryTimeoutWithoutTheTokenInTheFailure() {
        provider = provider(Duration.ofSeconds(1));
        WechatAccessTokensTest.stubTokens(wechat, token("SECRET-TOKEN-1", 7200));
        wechat.stubFor(post(urlPathEqualTo(SEND)).willReturn(okJson(OK).withFixedDelay(4000)));

        DeliveryException failure = assertTemporary("TIMEOUT");

        for (Throwable t = failure; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain("SECRET-TOKEN-1");
        }
    }

    @Test
    void givenConnectionReset_whenSent_thenTemporaryAndNotResentByTheHttpClient() {
        WechatAccessTokensTest.stubTokens(wechat, token("TOKEN-1", 7200));
        wechat.stubFor(post(urlPathEqualTo(SEND)).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        assertTemporary("IO_ERROR");
        wechat.verify(1, postRequestedFor(urlPathEqualTo(SEND)));
    }

    @Test
    void givenAnswerThatIsNotJson_whenSent_thenTemporaryMalformed() {
        WechatAccessTokensTest.stubTokens(wechat, token("TOKEN-1", 7200));
        wechat.stubFor(post(urlPathEqualTo(SEND)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/html").withBody("<html>system busy</html>")));

        assertTemporary("MALFORMED");
    }

    @Test
    void givenSuccessWithoutMsgid_whenSent_thenTemporaryMalformed() {
        WechatAccessTokensTest.stubTokens(wechat, token("TOKEN-1", 7200));
        wechat.stubFor(post(urlPathEqualTo(SEND)).willReturn(okJson("{\"errcode\": 0, \"errmsg\": \"ok\"}")));

        assertTemporary("MALFORMED");
    }

    @Test
    void givenTokenEndpointDown_whenSent_thenTemporaryAndNothingSent() {
        wechat.stubFor(post(urlPathEqualTo(TOKEN)).willReturn(aResponse().withStatus(502)));

        assertTemporary("HTTP_502");
        wechat.verify(0, postRequestedFor(urlPathEqualTo(SEND)));
    }

    @Test
    void givenNoticeWithoutWechatTemplate_whenSent_thenTemporaryNoTemplateSoTheAddressStaysValidAndNothingSent() {
        OutboundMessage plain = new OutboundMessage("AT-7K3Q9X2M4TBW", "NT-1", "LN-4D2Q8R6T1VXZ", "SETTLED",
                Channel.WECHAT, OPEN_ID, "zh-CN", ChannelContent.text("结清通知", "您的车贷已结清"));

        assertThatThrownBy(() -> provider.send(plain)).isInstanceOfSatisfying(DeliveryException.class, e -> {
            assertThat(e.permanent()).isFalse();
            assertThat(e.code()).isEqualTo("NO_TEMPLATE");
        });
        wechat.verify(0, postRequestedFor(urlPathEqualTo(TOKEN)));
        wechat.verify(0, postRequestedFor(urlPathEqualTo(SEND)));
    }

    private DeliveryException assertTemporary(String code) {
        DeliveryException[] thrown = new DeliveryException[1];
        assertThatThrownBy(() -> provider.send(message("AT-7K3Q9X2M4TBW")))
                .isInstanceOfSatisfying(DeliveryException.class, e -> {
                    assertThat(e.permanent()).isFalse();
                    assertThat(e.code()).isEqualTo(code);
                    thrown[0] = e;
                });
        return thrown[0];
    }

    private static OutboundMessage message(String attemptId) {
        Map<String, String> data = new LinkedHashMap<>();
        data.put("first", "您的车贷已结清");
        data.put("keyword1", "LN-4D2Q8R6T1VXZ");
        data.put("keyword2", "2025-03-01");
        data.put("remark", "结清证明可在 App 中下载。");
        return new OutboundMessage(attemptId, "NT-9H3K2M8P4QRS", "LN-4D2Q8R6T1VXZ", "SETTLED", Channel.WECHAT,
                OPEN_ID, "zh-CN", new ChannelContent("结清通知", "您的车贷已结清", null,
                new TemplateReference("TPL-settled-01", data)));
    }

    private static String error(int errcode, String errmsg) {
        return "{\"errcode\": " + errcode + ", \"errmsg\": \"" + errmsg + "\"}";
    }
}
