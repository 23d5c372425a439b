package com.loanflow.notice.channel.twilio;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.client.BasicCredentials;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.loanflow.borrower.Channel;
import com.loanflow.notice.NoticeSettings;
import com.loanflow.notice.channel.ChannelContent;
import com.loanflow.notice.channel.DeliveryException;
import com.loanflow.notice.channel.OutboundMessage;
import com.loanflow.notice.channel.SendResult;
import com.loanflow.notice.channel.sms.SmsErrorCodes;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Twilio Messages API as it is spoken on the wire, and every way Twilio can say no. */
class TwilioSmsGatewayTest {

    static final String ACCOUNT_SID = "AC0123456789abcdef0123456789abcdef";
    static final String AUTH_TOKEN = "twilio-auth-token";
    static final String MESSAGES_PATH = "/2010-04-01/Accounts/" + ACCOUNT_SID + "/Messages.json";
    static final String TO = "+8613800138000";
    /** Generous enough for the first, cold request of a test run. */
    static final Duration READ_TIMEOUT = Duration.ofSeconds(1);

    @RegisterExtension
    static WireMockExtension twilio = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private TwilioSmsGateway gateway(String from, String messagingServiceSid) {
        return gateway(twilio.baseUrl(), from, messagingServiceSid);
    }

    private static TwilioSmsGateway gateway(String baseUrl, String from, String messagingServiceSid) {
        return new TwilioSmsGateway(new TwilioProperties(true, ACCOUNT_SID, AUTH_TOKEN, from, messagingServiceSid,
                baseUrl, Duration.ofMillis(500), READ_TIMEOUT),
                new NoticeSettings("https://loanflow.example.com/", "classpath*:templates/notices/"));
    }

    private TwilioSmsGateway gateway() {
        return gateway("+15005550006", null);
    }

    static OutboundMessage message(String attemptId) {
        return new OutboundMessage(attemptId, "NT-1", "LN-1", "LOAN_SETTLED", Channel.SMS, TO, "zh-CN",
                ChannelContent.text("结清通知", "您的车贷已结清 & 感谢"));
    }

    private static void answer(ResponseDefinitionBuilder response) {
        twilio.stubFor(post(urlEqualTo(MESSAGES_PATH)).willReturn(response));
    }

    private static ResponseDefinitionBuilder twilioError(int status, int code, String message) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody("{\"code\": " + code + ", \"message\": \"" + message + "\", \"more_info\": "
                        + "\"https://www.twilio.com/docs/errors/" + code + "\", \"status\": " + status + "}");
    }

    private DeliveryException failure() {
        return catchThrowableOfType(DeliveryException.class, () -> gateway().send(message("AT-1")));
    }

    @Test
    void givenAMessage_whenSent_thenTheMessagesApiGetsTheFormWithBasicAuthAndTheSignedCallbackUrl() {
        answer(okJson("{\"sid\": \"SM0123456789abcdef0123456789abcdef\", \"status\": \"queued\"}").withStatus(201));

        gateway().send(message("AT-7 / 8"));

        twilio.verify(1, postRequestedFor(urlEqualTo(MESSAGES_PATH))
                .withBasicAuth(new BasicCredentials(ACCOUNT_SID, AUTH_TOKEN))
                .withHeader("Content-Type", equalTo("application/x-www-form-urlencoded; charset=UTF-8"))
                .withFormParam("To", equalTo(TO))
                .withFormParam("From", equalTo("+15005550006"))
                .withFormParam("MessagingServiceSid", absent())
                .withFormParam("Body", equalTo("您的车贷已结清 & 感谢"))
                .withFormParam("StatusCallback", equalTo(
                        "https://loanflow.example.com/api/webhooks/twilio/receipts?attemptId=AT-7+%2F+8")));
    }

    @Test
    void givenAMessagingService_whenSent_thenItIsTheSenderInsteadOfFrom() {
        answer(okJson("{\"sid\": \"SM1\"}").withStatus(201));

        gateway("+15005550006", "MG0123456789abcdef0123456789abcdef").send(message("AT-1"));

        twilio.verify(1, postRequestedFor(urlEqualTo(MESSAGES_PATH))
                .withFormParam("MessagingServiceSid", equalTo("MG0123456789abcdef0123456789abcdef"))
                .withFormParam("From", absent()));
    }

    @Test
    void givenTwilioTakesTheMessage_whenSent_thenTheResultNamesTwilioAndItsSid() {
        answer(okJson("{\"sid\": \"SM0123456789abcdef0123456789abcdef\", \"status\": \"queued\"}").withStatus(201));

        SendResult result = gateway().send(message("AT-1"));

        assertThat(result).isEqualTo(new SendResult("twilio", "SM0123456789abcdef0123456789abcdef"));
    }

    @ParameterizedTest
    @ValueSource(ints = {21211, 21610, 21612, 21614})
    void givenA400ThatTheNumberCannotTakeSms_whenSent_thenPermanentWithTwilioCode(int code) {
        answer(twilioError(400, code, "The 'To' number " + TO + " is not a valid phone number."));

        DeliveryException failure = failure();

        assertThat(failure.permanent()).isTrue();
        assertThat(failure.code()).isEqualTo(String.valueOf(code));
        assertThat(failure.getMessage()).contains("+86138****8000").doesNotContain(TO);
    }

    @Test
    void givenA400WithAnUnknownCode_whenSent_thenTemporarySoTheNumberIsNotMarkedInvalid() {
        answer(twilioError(400, 21408, "Permission to send an SMS has not been enabled for the region"));

        DeliveryException failure = failure();

        assertThat(failure.permanent()).isFalse();
        assertThat(failure.code()).isEqualTo("21408");
    }

    @ParameterizedTest
    @ValueSource(ints = {401, 403})
    void givenOurCredentialsAreRefused_whenSent_thenTemporary(int status) {
        answer(twilioError(status, 20003, "Authenticate"));

        DeliveryException failure = failure();

        assertThat(failure.permanent()).isFalse();
        assertThat(failure.code()).isEqualTo("20003");
    }

    @ParameterizedTest
    @ValueSource(ints = {429, 500, 503})
    void givenThrottlingOrAServerError_whenSent_thenTemporaryWithTheHttpStatus(int status) {
        answer(aResponse().withStatus(status).withBody("<html>busy</html>"));

        DeliveryException failure = failure();

        assertThat(failure.permanent()).isFalse();
        assertThat(failure.code()).isEqualTo("HTTP_" + status);
    }

    @Test
    void givenTwilioAnswersAfterTheReadTimeout_whenSent_thenOutcomeUnknown() {
        answer(okJson("{\"sid\": \"SM1\"}").withStatus(201).withFixedDelay(2 * (int) READ_TIMEOUT.toMillis()));

        DeliveryException failure = failure();

        assertThat(failure.outcomeUnknown()).as("the provider may have it").isTrue();
        assertThat(failure.permanent()).isFalse();
        assertThat(failure.code()).isEqualTo(SmsErrorCodes.TIMEOUT);
        // WireMock logs the late request when it finally answers; it must not spill into the next test's journal.
        await().atMost(Duration.ofSeconds(5)).until(() -> twilio.getAllServeEvents().size() == 1);
    }

    @Test
    void givenTheConnectionIsReset_whenSent_thenOutcomeUnknown() {
        answer(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));

        DeliveryException failure = failure();

        assertThat(failure.outcomeUnknown()).as("the provider may have it").isTrue();
        assertThat(failure.permanent()).isFalse();
        assertThat(failure.code()).isEqualTo(SmsErrorCodes.IO_ERROR);
    }

    @Test
    void givenNothingListens_whenSent_thenTemporaryConnectionFailure() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        DeliveryException failure = catchThrowableOfType(DeliveryException.class,
                () -> gateway("http://localhost:" + closedPort, "+15005550006", null).send(message("AT-1")));

        assertThat(failure.kind()).as("nothing was sent").isEqualTo(DeliveryException.Kind.TEMPORARY);
        assertThat(failure.permanent()).isFalse();
        assertThat(failure.code()).isEqualTo(SmsErrorCodes.CONNECTION_FAILED);
    }

    @Test
    void givenA201ThatIsNotJson_whenSent_thenOutcomeUnknown() {
        answer(aResponse().withStatus(201).withBody("<Response>SM1</Response>"));

        DeliveryException failure = failure();

        assertThat(failure.outcomeUnknown()).as("the provider may have it").isTrue();
        assertThat(failure.permanent()).isFalse();
        assertThat(failure.code()).isEqualTo(SmsErrorCodes.MALFORMED_RESPONSE);
    }

    @Test
    void givenA201WithoutSid_whenSent_thenOutcomeUnknown() {
        answer(okJson("{\"status\": \"queued\"}").withStatus(201));

        DeliveryException failure = failure();

        assertThat(failure.outcomeUnknown()).as("the provider may have it").isTrue();
        assertThat(failure.permanent()).isFalse();
        assertThat(failure.code()).isEqualTo(SmsErrorCodes.MALFORMED_RESPONSE);
    }
}
