package com.loanflow.notice.channel.jpush;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.client.BasicCredentials;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.loanflow.borrower.Channel;
import com.loanflow.notice.channel.ChannelContent;
import com.loanflow.notice.channel.DeliveryException;
import com.loanflow.notice.channel.OutboundMessage;
import com.loanflow.notice.channel.SendResult;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.web.client.RestClient;

/** Against WireMock standing in for api.jpush.cn: the request JPush gets and how its answers are read. */
class JPushChannelProviderTest {

    @RegisterExtension
    static final WireMockExtension jpush = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    private static final String APP_KEY = "25b4b1c1a2f9e2d7c3b8a6f1";
    private static final String MASTER_SECRET = "9c8b7a6f5e4d3c2b1a0f9e8d";
    private static final String REGISTRATION_ID = "1a0018970aa2b3c4d5e";

    private static JPushProperties properties(boolean apnsProduction, Duration timeToLive, Duration readTimeout) {
        return new JPushProperties(true, APP_KEY, MASTER_SECRET, jpush.baseUrl(), apnsProduction, timeToLive,
                new JPushProperties.Timeouts(Duration.ofSeconds(2), readTimeout));
    }

    private static JPushProperties properties(boolean apnsProduction, Duration timeToLive) {
        return properties(apnsProduction, timeToLive, Duration.ofSeconds(10));
    }

    private static JPushChannelProvider provider() {
        return new JPushChannelProvider(properties(true, Duration.ofDays(1)), RestClient.builder());
    }

    private static OutboundMessage message(String attemptId) {
        return new OutboundMessage(attemptId, "NT-5M2K8Q1W9XZR", "LN-7K3Q9X2M4TBW", "LOAN_SETTLED", Channel.PUSH,
                REGISTRATION_ID, "zh-CN", ChannelContent.text("您的车贷已结清", "贷款 LN-7K3Q9X2M4TBW 已全部结清，结清证明可在 App 中下载。"));
    }

    private static void answer(ResponseDefinitionBuilder response) {
        jpush.stubFor(post("/v3/push").willReturn(response));
    }

    private static DeliveryException failure() {
        return catchThrowableOfType(DeliveryException.class, () -> provider().send(message("AT-3G7H9K2M4P6R")));
    }

    @Test
    void givenNotice_whenPushing_thenJPushGetsOneAuthenticatedPushToTheRegistrationId() {
        answer(okJson("{\"sendno\":\"1\",\"msg_id\":\"54043196282617472\"}"));

        provider().send(message("AT-3G7H9K2M4P6R"));

        jpush.verify(1, postRequestedFor(urlEqualTo("/v3/push"))
                .withBasicAuth(new BasicCredentials(APP_KEY, MASTER_SECRET))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("""
                        {"platform": "all",
                         "audience": {"registration_id": ["1a0018970aa2b3c4d5e"]},
                         "notification": {
                           "alert": "贷款 LN-7K3Q9X2M4TBW 已全部结清，结清证明可在 App 中下载。",
                           "android": {"alert": "贷款 LN-7K3Q9X2M4TBW 已全部结清，结清证明可在 App 中下载。",
                                       "title": "您的车贷已结清",
                                       "extras": {"noticeId": "NT-5M2K8Q1W9XZR", "attemptId": "AT-3G7H9K2M4P6R"}},
                           "ios": {"alert": {"title": "您的车贷已结清",
                                             "body": "贷款 LN-7K3Q9X2M4TBW 已全部结清，结清证明可在 App 中下载。"},
                                   "extras": {"noticeId": "NT-5M2K8Q1W9XZR", "attemptId": "AT-3G7H9K2M4P6R"}}},
                         "options": {"apns_production": true, "time_to_live": 86400,
                                     "sendno": "${json-unit.any-number}"}}""")));
    }

    @Test
    void givenDevelopmentApnsAndShortTimeToLive_whenPushing_thenOptionsSaySo() {
        answer(okJson("{\"sendno\":\"1\",\"msg_id\":\"54043196282617472\"}"));

        new JPushChannelProvider(properties(false, Duration.ofHours(2)), RestClient.builder())
                .send(message("AT-3G7H9K2M4P6R"));

        jpush.verify(postRequestedFor(urlEqualTo("/v3/push"))
                .withRequestBody(matchingJsonPath("$.options.apns_production", equalTo("false")))
                .withRequestBody(matchingJsonPath("$.options.time_to_live", equalTo("7200"))));
    }

    @Test
    void givenSameAttemptPushedTwice_whenPushing_thenSameSendnoBothTimesAndAnotherForAnotherAttempt() {
        answer(okJson("{\"sendno\":\"1\",\"msg_id\":\"54043196282617472\"}"));
        JPushChannelProvider provider = provider();

        provider.send(message("AT-3G7H9K2M4P6R"));
        provider.send(message("AT-3G7H9K2M4P6R"));
        provider.send(message("AT-9W8X7Y6Z5V4T"));

        List<String> sendnos = jpush.findAll(postRequestedFor(urlEqualTo("/v3/push"))).stream()
                .map(LoggedRequest::getBodyAsString)
                .map(body -> body.replaceAll(".*\"sendno\":(\\d+).*", "$1"))
                .toList();
        assertThat(sendnos).hasSize(3);
        assertThat(sendnos.get(0)).isEqualTo(sendnos.get(1)).isNotEqualTo(sendnos.get(2));
        assertThat(Long.parseLong(sendnos.get(0))).isBetween(0L, (long) Integer.MAX_VALUE);
    }

    @Test
    void givenJPushTookThePush_whenPushing_thenResultIsItsMsgId() {
        answer(okJson("{\"sendno\":\"1\",\"msg_id\":\"54043196282617472\"}"));

        SendResult result = provider().send(message("AT-3G7H9K2M4P6R"));

        assertThat(result).isEqualTo(new SendResult("jpush", "54043196282617472"));
    }

    @Test
    void givenMsgIdAsJsonNumber_whenPushing_thenAllItsDigitsAreKept() {
        answer(okJson("{\"sendno\":\"1\",\"msg_id\":54043196282617472}"));

        assertThat(provider().send(message("AT-3G7H9K2M4P6R")).providerMessageId()).isEqualTo("54043196282617472");
    }

    @Test
    void givenNoDeviceForTheRegistrationId_whenPushing_thenPermanentFailure() {
        answer(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"code\":1011,\"message\":\"cannot find user by this audience\"}}"));

        DeliveryException failure = failure();

        assertThat(failure.permanent()).isTrue();
        assertThat(failure.code()).isEqualTo("1011");
        assertThat(failure.getMessage()).contains("cannot find user by this audience");
    }

    @Test
    void givenOurAppKeyRefused_whenPushing_thenTemporaryFailure() {
        answer(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"code\":1008,\"message\":\"app_key is not valid\"}}"));

        DeliveryException failure = failure();

        assertThat(failure.permanent()).isFalse();
        assertThat(failure.code()).isEqualTo("1008");
    }

    @Test
    void givenAuthenticationFailed_whenPushing_thenTemporaryFailure() {
        answer(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"code\":1004,\"message\":\"Authen failed\"}}"));

        DeliveryException failure = failure();

        assertThat(failure.permanent()).isFalse();
        assertThat(failure.code()).isEqualTo("1004");
    }

    @Test
    void givenRateLimited_whenPushing_thenTemporaryFailure() {
        answer(aResponse().withStatus(429).withHeader("Content-Type", "application/json")
                .withHeader("X-Rate-Limit-Reset", "30")
                .withBody("{\"error\":{\"code\":2002,\"message\":\"Request times is out of limit\"}}"));

        DeliveryException failure = failure();

        assertThat(failure.permanent()).isFalse();
        assertThat(failure.code()).isEqualTo("2002");
    }

    @Test
    void givenServerErrorWithoutJson_whenPushing_thenTemporaryFailure() {
        answer(aResponse().withStatus(500).withBody("<html><body>Internal Server Error</body></html>"));

        DeliveryException failure = failure();

        assertThat(failure.permanent()).isFalse();
        assertThat(failure.code()).isEqualTo("HTTP_500");
    }

    @Test
    void givenServerErrorWithJPushCode_whenPushing_thenTemporaryFailure() {
        answer(aResponse().withStatus(503).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"code\":1030,\"message\":\"internal service timeout\"}}"));

        DeliveryException failure = failure();

        assertThat(failure.permanent()).isFalse();
        assertThat(failure.code()).isEqualTo("1030");
    }

    @Test
    void givenNoAnswerWithinTheReadTimeout_whenPushing_thenOutcomeUnknown() {
        answer(okJson("{\"sendno\":\"1\",\"msg_id\":\"54043196282617472\"}").withFixedDelay(5000));
        JPushChannelProvider provider = new JPushChannelProvider(
                properties(true, Duration.ofDays(1), Duration.ofMillis(500)), RestClient.builder());
        long start = System.nanoTime();

        DeliveryException failure = catchThrowableOfType(DeliveryException.class,
                () -> provider.send(message("AT-3G7H9K2M4P6R")));

        assertThat(failure.outcomeUnknown()).as("the provider may have it").isTrue();
        assertThat(failure.permanent()).isFalse();
        assertThat(failure.code()).isEqualTo("TIMEOUT");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(4000));
    }

    @Test
    void givenConnectionReset_whenPushing_thenOutcomeUnknown() {
        answer(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));

        DeliveryException failure = failure();

        assertThat(failure.outcomeUnknown()).as("the provider may have it").isTrue();
        assertThat(failure.permanent()).isFalse();
        assertThat(failure.code()).isEqualTo("IO");
    }

    @Test
    void givenEmptyResponse_whenPushing_thenTemporaryFailure() {
        answer(aResponse().withFault(Fault.EMPTY_RESPONSE));

        assertThat(failure().permanent()).isFalse();
    }

    @Test
    void givenMalformedChunkedAnswer_whenPushing_thenTemporaryFailure() {
        answer(aResponse().withStatus(200).withFault(Fault.MALFORMED_RESPONSE_CHUNK));

        assertThat(failure().permanent()).isFalse();
    }

    @Test
    void givenSuccessStatusWithoutMsgId_whenPushing_thenOutcomeUnknown() {
        answer(okJson("{\"sendno\":\"1\"}"));

        DeliveryException failure = failure();

        assertThat(failure.outcomeUnknown()).as("the provider may have it").isTrue();
        assertThat(failure.permanent()).isFalse();
        assertThat(failure.code()).isEqualTo("MALFORMED");
    }

    @Test
    void givenSuccessStatusWithHtml_whenPushing_thenOutcomeUnknown() {
        answer(aResponse().withStatus(200).withBody("<html>gateway</html>"));

        DeliveryException failure = failure();

        assertThat(failure.outcomeUnknown()).as("the provider may have it").isTrue();
        assertThat(failure.permanent()).isFalse();
        assertThat(failure.code()).isEqualTo("MALFORMED");
    }

    @Test
    void givenNothingListening_whenPushing_thenTemporaryConnectFailure() {
        JPushProperties properties = new JPushProperties(true, APP_KEY, MASTER_SECRET, "http://127.0.0.1:1", true,
                Duration.ofDays(1), new JPushProperties.Timeouts(Duration.ofSeconds(1), Duration.ofMillis(500)));
        JPushChannelProvider provider = new JPushChannelProvider(properties, RestClient.builder());

        DeliveryException failure = catchThrowableOfType(DeliveryException.class,
                () -> provider.send(message("AT-3G7H9K2M4P6R")));

        assertThat(failure.kind()).as("nothing was sent").isEqualTo(DeliveryException.Kind.TEMPORARY);
        assertThat(failure.permanent()).isFalse();
        assertThat(failure.code()).isEqualTo("CONNECT");
    }

    @Test
    void givenProvider_whenAskedForChannels_thenOnlyPush() {
        JPushChannelProvider provider = provider();

        assertThat(provider.name()).isEqualTo("jpush");
        assertThat(Channel.values()).filteredOn(provider::supports).containsExactly(Channel.PUSH);
    }

    @Test
    void givenNoMasterSecret_whenCreatingProvider_thenItRefusesToStart() {
        JPushProperties properties = new JPushProperties(true, APP_KEY, "", jpush.baseUrl(), true,
                Duration.ofDays(1), new JPushProperties.Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(1)));

        assertThatIllegalStateException()
                .isThrownBy(() -> new JPushChannelProvider(properties, RestClient.builder()))
                .withMessageContaining("loanflow.notice.jpush.master-secret");
    }

    @Test
    void givenTimeToLiveAboveTenDays_whenCreatingProvider_thenItRefusesToStart() {
        assertThatIllegalStateException()
                .isThrownBy(() -> new JPushChannelProvider(properties(true, Duration.ofDays(11)),
                        RestClient.builder()))
                .withMessageContaining("time-to-live");
    }
}
