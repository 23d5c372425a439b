package com.loanflow.notice.channel.sms;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.loanflow.borrower.Channel;
import com.loanflow.notice.NoticeSettings;
import com.loanflow.notice.channel.ChannelContent;
import com.loanflow.notice.channel.ChannelContent.TemplateReference;
import com.loanflow.notice.channel.DeliveryException;
import com.loanflow.notice.channel.OutboundMessage;
import com.loanflow.notice.channel.SendResult;
import com.loanflow.notice.channel.aliyun.AliyunSmsGateway;
import com.loanflow.notice.channel.aliyun.AliyunSmsProperties;
import com.loanflow.notice.channel.twilio.TwilioSmsGateway;
import com.loanflow.notice.channel.twilio.TwilioProperties;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The SMS channel's failover, end to end over the wire: Aliyun SMS as primary and Twilio as backup, each a WireMock
 * server, so what is asserted is which provider was actually called.
 */
class SmsChannelProviderTest {

    static final String TWILIO_MESSAGES = "/2010-04-01/Accounts/AC1/Messages.json";
    static final Duration OPEN_WAIT = Duration.ofMillis(200);
    /** Generous enough for the first, cold request of a test run. */
    static final Duration READ_TIMEOUT = Duration.ofSeconds(1);

    @RegisterExtension
    static WireMockExtension aliyun = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    @RegisterExtension
    static WireMockExtension twilio = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static AliyunSmsGateway aliyunGateway() {
        return new AliyunSmsGateway(new AliyunSmsProperties(true, "testId", "testSecret", "车贷通", aliyun.baseUrl(),
                "callback-token", Duration.ofMillis(500), READ_TIMEOUT), Clock.systemUTC());
    }

    private static TwilioSmsGateway twilioGateway() {
        return new TwilioSmsGateway(new TwilioProperties(true, "AC1", "token", "+15005550006", null,
                twilio.baseUrl(), Duration.ofMillis(500), READ_TIMEOUT),
                new NoticeSettings("https://loanflow.example.com", "classpath*:templates/notices/"));
    }

    private static SmsProperties properties(String primary, String backup) {
        return new SmsProperties(primary, backup,
                new SmsProperties.CircuitBreaker(50, 10, 4, OPEN_WAIT, 2, Duration.ofSeconds(4)));
    }

    private static SmsChannelProvider failover() {
        return new SmsChannelProvider(List.of(twilioGateway(), aliyunGateway()), properties("aliyun-sms", "twilio"));
    }

    static OutboundMessage message(String attemptId, TemplateReference template) {
        return new OutboundMessage(attemptId, "NT-1", "LN-1", "LOAN_SETTLED", Channel.SMS, "+8613800138000", "zh-CN",
                new ChannelContent("结清通知", "【车贷通】您的车贷已结清", template, null));
    }

    static OutboundMessage message(String attemptId) {
        return message(attemptId, new TemplateReference("SMS_1", Map.of("loanId", "LN-1")));
    }

    private static void aliyunAnswers(ResponseDefinitionBuilder response) {
        aliyun.stubFor(post(urlEqualTo("/")).willReturn(response));
    }

    private static void aliyunAccepts() {
        aliyunAnswers(okJson("{\"Code\":\"OK\",\"BizId\":\"BIZ-1\",\"RequestId\":\"R1\"}"));
    }

    private static void aliyunIsDown() {
        aliyunAnswers(aResponse().withStatus(500).withBody("{\"Code\":\"InternalError\"}"));
    }

    private static void twilioAnswers(ResponseDefinitionBuilder response) {
        twilio.stubFor(post(urlEqualTo(TWILIO_MESSAGES)).willReturn(response));
    }

    private static void twilioAccepts() {
        twilioAnswers(okJson("{\"sid\":\"SM-1\"}").withStatus(201));
    }

    private static void twilioIsDown() {
        twilioAnswers(aResponse().withStatus(503));
    }

    /** The breaker measures its open wait on the system clock, so the test waits it out for real. */
    private static void waitOutTheOpenState() throws InterruptedException {
        Thread.sleep(OPEN_WAIT.toMillis() + 50);
    }

    @Test
    void givenTheSmsChannelProvider_whenAskedForChannels_thenItServesOnlySms() {
        SmsChannelProvider provider = failover();

        assertThat(provider.name()).isEqualTo("sms");
        assertThat(provider.supports(Channel.SMS)).isTrue();
        assertThat(provider.supports(Channel.EMAIL)).isFalse();
        assertThat(provider.supports(Channel.IN_APP)).isFalse();
    }

    @Test
    void givenThePrimaryAccepts_whenSent_thenOnlyThePrimaryIsCalledAndNamed() {
        aliyunAccepts();
        twilioAccepts();

        SendResult result = failover().send(message("AT-1"));

        assertThat(result).isEqualTo(new SendResult("aliyun-sms", "BIZ-1"));
        twilio.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void givenThePrimaryAnswers500_whenSent_thenTheBackupSendsTheSameAttemptAndIsNamed() {
        aliyunIsDown();
        twilioAccepts();

        SendResult result = failover().send(message("AT-1"));

        assertThat(result).isEqualTo(new SendResult("twilio", "SM-1"));
        aliyun.verify(1, postRequestedFor(urlEqualTo("/")).withRequestBody(containing("OutId=AT-1")));
        twilio.verify(1, postRequestedFor(urlEqualTo(TWILIO_MESSAGES)).withFormParam("StatusCallback",
                equalTo("https://loanflow.example.com/api/webhooks/twilio/receipts?attemptId=AT-1")));
    }

    @Test
    void givenThePrimaryAccepts_whenSent_thenNoFailoverIsCountedAndTheBackupsHealthIsUnknown() {
        aliyunAccepts();
        SmsChannelProvider provider = failover();

        provider.send(message("AT-1"));

        assertThat(provider.failovers()).isZero();
        assertThat(provider.backupActivity().silent()).isTrue();
    }

    @Test
    void givenThePrimaryIsDown_whenTheBackupTakesOneMessageAndFailsThreeMore_thenFourFailoversAndTheBackupUnavailable() {
        aliyunIsDown();
        twilioAccepts();
        SmsChannelProvider provider = failover();
        provider.send(message("AT-1"));
        assertThat(provider.backupActivity().lastSuccessAt()).isNotNull();

        twilioIsDown();
        for (int i = 2; i <= 4; i++) {
            String attemptId = "AT-" + i;
            assertThatThrownBy(() -> provider.send(message(attemptId))).isInstanceOf(DeliveryException.class);
        }

        assertThat(provider.failovers()).isEqualTo(4);
        assertThat(provider.backupActivity().failuresInARow()).isEqualTo(3);
        assertThat(provider.backupActivity().unavailable()).isTrue();
        assertThat(provider.backupActivity().lastFailure()).startsWith("HTTP_503");
    }

    @Test
    void givenThePrimaryTimesOutAfterTheRequestWentOut_whenSent_thenOutcomeUnknownAndTheBackupSendsNothing() {
        aliyunAnswers(okJson("{\"Code\":\"OK\",\"BizId\":\"BIZ-1\"}").withFixedDelay(2 * (int) READ_TIMEOUT.toMillis()));
        twilioAccepts();

        DeliveryException failure = catchThrowableOfType(DeliveryException.class,
                () -> failover().send(message("AT-1")));

        // Aliyun may have the SMS: Twilio sending it too would reach the borrower twice.
        assertThat(failure.outcomeUnknown()).isTrue();
        assertThat(failure.code()).isEqualTo(SmsErrorCodes.TIMEOUT);
        twilio.verify(0, postRequestedFor(urlEqualTo(TWILIO_MESSAGES)));
        // WireMock logs the late request when it finally answers; it must not spill into the next test's journal.
        await().atMost(Duration.ofSeconds(5)).until(() -> aliyun.getAllServeEvents().size() == 1);
    }

    @Test
    void givenThePrimarySaysTheNumberIsInvalid_whenSent_thenPermanentAndTheBackupIsNotTried() {
        aliyunAnswers(okJson("{\"Code\":\"isv.MOBILE_NUMBER_ILLEGAL\",\"Message\":\"非法手机号\"}"));
        twilioAccepts();

        DeliveryException failure = catchThrowableOfType(DeliveryException.class,
                () -> failover().send(message("AT-1")));

        assertThat(failure.permanent()).isTrue();
        assertThat(failure.code()).isEqualTo("isv.MOBILE_NUMBER_ILLEGAL");
        twilio.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void givenManyInvalidNumbers_whenSent_thenThePrimarysBreakerStaysClosed() {
        aliyunAnswers(okJson("{\"Code\":\"isv.MOBILE_NUMBER_ILLEGAL\"}"));
        SmsChannelProvider provider = failover();

        for (int i = 0; i < 10; i++) {
            String attemptId = "AT-" + i;
            assertThatThrownBy(() -> provider.send(message(attemptId))).isInstanceOf(DeliveryException.class);
        }

        assertThat(provider.primaryCircuitState()).isEqualTo(CircuitBreaker.State.CLOSED);
        aliyun.verify(10, postRequestedFor(urlEqualTo("/")));
    }

    @Test
    void givenAMessageWithoutTemplateForTheTemplateOnlyPrimary_whenSent_thenTheBackupSendsItsText() {
        aliyunAccepts();
        twilioAccepts();
        SmsChannelProvider provider = failover();

        SendResult result = provider.send(message("AT-1", null));

        assertThat(result.provider()).isEqualTo("twilio");
        aliyun.verify(0, anyRequestedFor(anyUrl()));
        twilio.verify(1, postRequestedFor(urlEqualTo(TWILIO_MESSAGES))
                .withFormParam("Body", equalTo("【车贷通】您的车贷已结清")));
        assertThat(provider.primaryCircuitBreaker().getMetrics().getNumberOfBufferedCalls()).isZero();
    }

    @Test
    void givenBothGatewaysDown_whenSent_thenTemporaryNamingBoth() {
        aliyunIsDown();
        twilioIsDown();

        DeliveryException failure = catchThrowableOfType(DeliveryException.class,
                () -> failover().send(message("AT-1")));

        assertThat(failure.permanent()).isFalse();
        assertThat(failure.code()).isEqualTo(SmsErrorCodes.GATEWAYS_UNAVAILABLE);
        assertThat(failure.getMessage()).contains("aliyun-sms (InternalError)").contains("twilio (HTTP_503)");
        aliyun.verify(1, postRequestedFor(urlEqualTo("/")));
        twilio.verify(1, postRequestedFor(urlEqualTo(TWILIO_MESSAGES)));
    }

    @Test
    void givenThePrimaryDownAndTheBackupRejectsTheNumber_whenSent_thenTheBackupsPermanentVerdictStands() {
        aliyunIsDown();
        twilioAnswers(aResponse().withStatus(400).withBody("{\"code\":21211,\"message\":\"Invalid 'To'\"}"));

        DeliveryException failure = catchThrowableOfType(DeliveryException.class,
                () -> failover().send(message("AT-1")));

        assertThat(failure.permanent()).isTrue();
        assertThat(failure.code()).isEqualTo("21211");
    }

    @Test
    void givenRepeatedPrimaryFailures_whenTheBreakerOpens_thenThePrimaryIsSkippedUntilAHalfOpenTrialClosesIt()
            throws InterruptedException {
        aliyunIsDown();
        twilioAccepts();
        SmsChannelProvider provider = failover();

        for (int i = 1; i <= 4; i++) {
            assertThat(provider.send(message("AT-" + i)).provider()).isEqualTo("twilio");
        }
        assertThat(provider.primaryCircuitState()).isEqualTo(CircuitBreaker.State.OPEN);

        for (int i = 5; i <= 7; i++) {
            assertThat(provider.send(message("AT-" + i)).provider()).isEqualTo("twilio");
        }
        aliyun.verify(4, postRequestedFor(urlEqualTo("/")));
        twilio.verify(7, postRequestedFor(urlEqualTo(TWILIO_MESSAGES)));

        // Aliyun recovers; after the open wait two trial messages go to it and close the breaker.
        aliyunAccepts();
        waitOutTheOpenState();
        assertThat(provider.send(message("AT-8")).provider()).isEqualTo("aliyun-sms");
        assertThat(provider.primaryCircuitState()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
        assertThat(provider.send(message("AT-9")).provider()).isEqualTo("aliyun-sms");
        assertThat(provider.primaryCircuitState()).isEqualTo(CircuitBreaker.State.CLOSED);

        assertThat(provider.send(message("AT-10")).provider()).isEqualTo("aliyun-sms");
        aliyun.verify(7, postRequestedFor(urlEqualTo("/")));
        twilio.verify(7, postRequestedFor(urlEqualTo(TWILIO_MESSAGES)));
    }

    @Test
    void givenAFailedHalfOpenTrial_whenSent_thenTheBreakerOpensAgainAndTheBackupSends() throws InterruptedException {
        aliyunIsDown();
        twilioAccepts();
        SmsChannelProvider provider = failover();
        for (int i = 1; i <= 4; i++) {
            provider.send(message("AT-" + i));
        }
        waitOutTheOpenState();

        assertThat(provider.send(message("AT-5")).provider()).isEqualTo("twilio");
        assertThat(provider.send(message("AT-6")).provider()).isEqualTo("twilio");

        assertThat(provider.primaryCircuitState()).isEqualTo(CircuitBreaker.State.OPEN);
        aliyun.verify(6, postRequestedFor(urlEqualTo("/")));
    }

    @Test
    void givenOnlyOneGateway_whenItFails_thenItsTemporaryFailureIsThrownAndAnOpenBreakerFailsFast() {
        twilioIsDown();
        SmsChannelProvider provider = new SmsChannelProvider(List.of(twilioGateway()),
                properties("aliyun-sms", "twilio"));

        assertThat(provider.primaryGateway()).isEqualTo("twilio");
        assertThat(provider.backupGateway()).isNull();
        for (int i = 1; i <= 4; i++) {
            DeliveryException failure = catchThrowableOfType(DeliveryException.class,
                    () -> provider.send(message("AT-1")));
            assertThat(failure.code()).isEqualTo("HTTP_503");
        }

        DeliveryException failFast = catchThrowableOfType(DeliveryException.class,
                () -> provider.send(message("AT-5")));

        assertThat(failFast.permanent()).isFalse();
        assertThat(failFast.code()).isEqualTo(SmsErrorCodes.CIRCUIT_OPEN);
        twilio.verify(4, postRequestedFor(urlMatching("/2010-04-01/.*")));
    }

    @Test
    void givenOnlyOneGatewayThatAccepts_whenSent_thenItSendsAlone() {
        aliyunAccepts();
        SmsChannelProvider provider = new SmsChannelProvider(List.of(aliyunGateway()), properties("aliyun-sms", ""));

        assertThat(provider.send(message("AT-1"))).isEqualTo(new SendResult("aliyun-sms", "BIZ-1"));
        assertThat(provider.backupGateway()).isNull();
    }

    @Test
    void givenOnlyTheTemplateGatewayAndAMessageWithoutTemplate_whenSent_thenTemporarySoTheNumberStaysValid() {
        SmsChannelProvider provider = new SmsChannelProvider(List.of(aliyunGateway()), properties("aliyun-sms", ""));

        DeliveryException failure = catchThrowableOfType(DeliveryException.class,
                () -> provider.send(message("AT-1", null)));

        assertThat(failure.permanent()).isFalse();
        assertThat(failure.code()).isEqualTo(SmsErrorCodes.NO_TEMPLATE);
        aliyun.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void givenPrimaryAndBackupSwapped_whenSent_thenTwilioGoesFirst() {
        aliyunAccepts();
        twilioAccepts();
        SmsChannelProvider provider = new SmsChannelProvider(List.of(aliyunGateway(), twilioGateway()),
                properties("twilio", "aliyun-sms"));

        assertThat(provider.send(message("AT-1")).provider()).isEqualTo("twilio");
        aliyun.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void givenTwoGatewaysNeitherNamedInTheSettings_whenCreated_thenRefusedNamingThem() {
        assertThatThrownBy(() -> new SmsChannelProvider(List.of(aliyunGateway(), twilioGateway()),
                properties("tencent", "huawei")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("aliyun-sms").hasMessageContaining("twilio");
    }
}
