package com.loanflow.notice.channel.wechat;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.loanflow.notice.channel.DeliveryException;
import com.loanflow.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class WechatAccessTokensTest {

    @RegisterExtension
    static WireMockExtension wechat = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final String TOKEN_REQUEST = """
            {"grant_type": "client_credential", "appid": "wx-app", "secret": "app-secret", "force_refresh": false}""";

    private final MutableClock clock = new MutableClock(Instant.parse("2025-03-01T08:00:00Z"));
    private final ExecutorService threads = Executors.newFixedThreadPool(8);
    private WechatAccessTokens tokens;

    @BeforeEach
    void setUp() {
        WechatProperties properties = new WechatProperties(true, "wx-app", "app-secret", "server-token",
                wechat.baseUrl(), null, Duration.ofSeconds(5), Duration.ofSeconds(5));
        tokens = new WechatAccessTokens(new WechatApi(properties, new ObjectMapper()), properties, clock);
    }

    @AfterEach
    void tearDown() {
        threads.shutdownNow();
    }

    @Test
    void givenNoToken_whenAsked_thenFetchesFromTheStableTokenEndpointWithTheAccountCredentials() {
        stubTokens(token("TOKEN-1", 7200));

        assertThat(tokens.token()).isEqualTo("TOKEN-1");

        wechat.verify(1, postRequestedFor(urlPathEqualTo(WechatAccessTokens.PATH))
                .withRequestBody(equalToJson(TOKEN_REQUEST)));
    }

    @Test
    void givenCachedToken_whenAskedUntilFiveMinutesBeforeExpiry_thenReusedWithoutNewRequest() {
        stubTokens(token("TOKEN-1", 7200), token("TOKEN-2", 7200));
        tokens.token();

        clock.advance(Duration.ofSeconds(7200 - 301));

        assertThat(tokens.token()).isEqualTo("TOKEN-1");
        wechat.verify(1, postRequestedFor(urlPathEqualTo(WechatAccessTokens.PATH)));
    }

    @Test
    void givenCachedToken_whenFiveMinutesBeforeExpiry_thenRefreshed() {
        stubTokens(token("TOKEN-1", 7200), token("TOKEN-2", 7200));
        tokens.token();

        clock.advance(Duration.ofSeconds(7200 - 300));

        assertThat(tokens.token()).isEqualTo("TOKEN-2");
        wechat.verify(2, postRequestedFor(urlPathEqualTo(WechatAccessTokens.PATH)));
    }

    @Test
    void givenTokenHandedOutInItsLastMinutes_whenAskedWithinHalfItsLife_thenReusedAndRefreshedAfter() {
        stubTokens(token("TOKEN-1", 240), token("TOKEN-2", 7200));
        tokens.token();

        clock.advance(Duration.ofSeconds(119));
        assertThat(tokens.token()).isEqualTo("TOKEN-1");
        clock.advance(Duration.ofSeconds(1));
        assertThat(tokens.token()).isEqualTo("TOKEN-2");
    }

    @Test
    void givenCachedToken_whenInvalidated_thenNextAskFetchesANewOne() {
        stubTokens(token("TOKEN-1", 7200), token("TOKEN-2", 7200));
        tokens.token();

        tokens.invalidate("TOKEN-1");

        assertThat(tokens.token()).isEqualTo("TOKEN-2");
        wechat.verify(2, postRequestedFor(urlPathEqualTo(WechatAccessTokens.PATH)));
    }

    @Test
    void givenCachedToken_whenAnOlderTokenIsInvalidated_thenCachedOneKept() {
        stubTokens(token("TOKEN-1", 7200), token("TOKEN-2", 7200));
        tokens.token();

        tokens.invalidate("TOKEN-0");

        assertThat(tokens.token()).isEqualTo("TOKEN-1");
        wechat.verify(1, postRequestedFor(urlPathEqualTo(WechatAccessTokens.PATH)));
    }

    @Test
    void givenEightConcurrentCallers_whenNoTokenCached_thenOneTokenRequest() throws Exception {
        wechat.stubFor(post(urlPathEqualTo(WechatAccessTokens.PATH))
                .willReturn(okJson(token("TOKEN-1", 7200)).withFixedDelay(300)));

        List<Object> seen = callConcurrently(8);

        assertThat(seen).hasSize(8).containsOnly("TOKEN-1");
        wechat.verify(1, postRequestedFor(urlPathEqualTo(WechatAccessTokens.PATH)));
    }

    @Test
    void givenConcurrentCallers_whenTheFetchFails_thenAllGetItsFailureFromOneRequest() throws Exception {
        wechat.stubFor(post(urlPathEqualTo(WechatAccessTokens.PATH))
                .willReturn(aResponse().withStatus(503).withFixedDelay(300)));

        List<Object> outcomes = callConcurrently(4);

        assertThat(outcomes).hasSize(4).allSatisfy(outcome -> assertThat(outcome)
                .isInstanceOfSatisfying(DeliveryException.class, e -> {
                    assertThat(e.permanent()).isFalse();
                    assertThat(e.code()).isEqualTo("HTTP_503");
                }));
        wechat.verify(1, postRequestedFor(urlPathEqualTo(WechatAccessTokens.PATH)));
    }

    @Test
    void givenAFailedFetch_whenAskedAgain_thenTriesAgain() {
        stubTokens("{\"errcode\": -1, \"errmsg\": \"system error\"}", token("TOKEN-1", 7200));

        assertThatThrownBy(tokens::token).isInstanceOfSatisfying(DeliveryException.class,
                e -> assertThat(e.code()).isEqualTo("-1"));
        assertThat(tokens.token()).isEqualTo("TOKEN-1");
    }

    @Test
    void givenWrongAppSecret_whenAsked_thenTemporaryFailureTellingTheOperatorWhatToFix() {
        stubTokens("{\"errcode\": 40125, \"errmsg\": \"invalid appsecret rid: 65a1\"}");

        assertThatThrownBy(tokens::token).isInstanceOfSatisfying(DeliveryException.class, e -> {
            assertThat(e.permanent()).isFalse();
            assertThat(e.code()).isEqualTo("40125");
            assertThat(e.getMessage()).contains("operator", "app-secret", "invalid appsecret");
        });
    }

    @Test
    void givenCallerNotOnTheIpWhitelist_whenAsked_thenTemporaryFailureNamingTheWhitelist() {
        stubTokens("{\"errcode\": 40164, \"errmsg\": \"invalid ip 1.2.3.4, not in whitelist\"}");

        assertThatThrownBy(tokens::token).isInstanceOfSatisfying(DeliveryException.class, e -> {
            assertThat(e.permanent()).isFalse();
            assertThat(e.code()).isEqualTo("40164");
            assertThat(e.getMessage()).contains("IP whitelist");
        });
    }

    @Test
    void givenAnswerWithoutExpiry_whenAsked_thenMalformed() {
        stubTokens("{\"access_token\": \"TOKEN-1\"}");

        assertThatThrownBy(tokens::token).isInstanceOfSatisfying(DeliveryException.class, e -> {
            assertThat(e.permanent()).isFalse();
            assertThat(e.code()).isEqualTo("MALFORMED");
        });
    }

    /** Starts {@code callers} threads asking for a token at the same moment; each one's token or failure. */
    private List<Object> callConcurrently(int callers) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> calls = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            calls.add(threads.submit(() -> {
                start.await();
                return tokens.token();
            }));
        }
        start.countDown();
        List<Object> outcomes = new ArrayList<>();
        for (Future<String> call : calls) {
            try {
                outcomes.add(call.get(5, TimeUnit.SECONDS));
            } catch (ExecutionException e) {
                outcomes.add(e.getCause());
            }
        }
        return outcomes;
    }

    /** Answers the token requests in turn; the last answer repeats. */
    static void stubTokens(String... answers) {
        stubTokens(wechat, answers);
    }

    static void stubTokens(WireMockExtension server, String... answers) {
        for (int i = 0; i < answers.length; i++) {
            String state = i == 0 ? Scenario.STARTED : "token " + i;
            var stub = post(urlPathEqualTo(WechatAccessTokens.PATH))
                    .withRequestBody(equalToJson(TOKEN_REQUEST))
                    .inScenario("tokens")
                    .whenScenarioStateIs(state)
                    .willReturn(okJson(answers[i]));
            if (i < answers.length - 1) {
                stub = stub.willSetStateTo("token " + (i + 1));
            }
            server.stubFor(stub);
        }
    }

    static String token(String value, int expiresIn) {
        return "{\"access_token\": \"" + value + "\", \"expires_in\": " + expiresIn + "}";
    }
}
