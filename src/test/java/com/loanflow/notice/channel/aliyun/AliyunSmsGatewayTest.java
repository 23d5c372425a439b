package com.loanflow.notice.channel.aliyun;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.loanflow.borrower.Channel;
import com.loanflow.notice.channel.ChannelContent;
import com.loanflow.notice.channel.ChannelContent.TemplateReference;
import com.loanflow.notice.channel.DeliveryException;
import com.loanflow.notice.channel.OutboundMessage;
import com.loanflow.notice.channel.SendResult;
import com.loanflow.notice.channel.sms.SmsErrorCodes;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Aliyun's SendSms as it is spoken on the wire, signed, and every way Aliyun can say no. */
class AliyunSmsGatewayTest {

    static final Instant NOW = Instant.parse("2017-07-12T02:42:19Z");
    static final String NONCE = "45e25e9b-0a6f-4070-8c85-2956eda1b466";
    /** Generous enough for the first, cold request of a test run. */
    static final Duration READ_TIMEOUT = Duration.ofSeconds(1);

    @RegisterExtension
    static WireMockExtension aliyun = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private AliyunSmsGateway gateway() {
        return new AliyunSmsGateway(new AliyunSmsProperties(true, "testId", "testSecret", "阿里云短信测试专用",
                aliyun.baseUrl(), "callback-token", Duration.ofMillis(500), READ_TIMEOUT),
                // The clock runs in Beijing time, as the lender's does: the Timestamp must still be UTC.
                Clock.fixed(NOW, ZoneId.of("Asia/Shanghai")), () -> NONCE);
    }

    static OutboundMessage message(String address, TemplateReference template) {
        return new OutboundMessage("AT-20170712-0001", "NT-1", "LN-1", "LOAN_SETTLED", Channel.SMS, address, "zh-CN",
                new ChannelContent("结清通知", "您的车贷已结清", template, null));
    }

    static OutboundMessage message() {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("name", "张伟");
        parameters.put("amount", "1,000.00 *~");
        return message("+8615300000001", new TemplateReference("SMS_71390007", parameters));
    }

    private static void answer(ResponseDefinitionBuilder response) {
        aliyun.stubFor(post(urlEqualTo("/")).willReturn(response));
    }

    private static ResponseDefinitionBuilder aliyunAnswer(int status, String code, String message) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json;charset=utf-8")
                .withBody("{\"Message\":\"" + message + "\",\"RequestId\":\"F655A8D5-B967-440B-8683-DAD6FF8DE990\","
                        + "\"Code\":\"" + code + "\"}");
    }

    private DeliveryException failure() {
        return catchThrowableOfType(DeliveryException.class, () -> gateway().send(message()));
    }

    @Test
    void givenAMessage_whenSent_thenSendSmsIsPostedWithEveryParameterAndAliyunsSignature() {
        answer(okJson("{\"Message\":\"OK\",\"RequestId\":\"R1\",\"BizId\":\"900619746936498440^0\",\"Code\":\"OK\"}"));

        gateway().send(message());

        // Signature computed independently (Python: urllib.parse.quote(safe='~'), hmac, sha1) over exactly these
        // parameters with StringToSign "POST&%2F&...".
        String expectedBody = "AccessKeyId=testId&Action=SendSms&Format=JSON&OutId=AT-20170712-0001"
                + "&PhoneNumbers=15300000001&RegionId=cn-hangzhou"
                + "&SignName=%E9%98%BF%E9%87%8C%E4%BA%91%E7%9F%AD%E4%BF%A1%E6%B5%8B%E8%AF%95%E4%B8%93%E7%94%A8"
                + "&SignatureMethod=HMAC-SHA1&SignatureNonce=45e25e9b-0a6f-4070-8c85-2956eda1b466"
                + "&SignatureVersion=1.0&TemplateCode=SMS_71390007"
                + "&TemplateParam=%7B%22amount%22%3A%221%2C000.00%20%2A~%22%2C%22name%22%3A%22%E5%BC%A0%E4%BC%9F%22%7D"
                + "&Timestamp=2017-07-12T02%3A42%3A19Z&Version=2017-05-25"
                + "&Signature=teQJBtBsDfrKN4PsFF4Qh9Ee51s%3D";
        aliyun.verify(1, postRequestedFor(urlEqualTo("/"))
                .withHeader("Content-Type", equalTo("application/x-www-form-urlencoded; charset=UTF-8"))
                .withRequestBody(equalTo(expectedBody))
                .withFormParam("TemplateParam", equalTo("{\"amount\":\"1,000.00 *~\",\"name\":\"张伟\"}"))
                .withFormParam("Signature", equalTo("teQJBtBsDfrKN4PsFF4Qh9Ee51s=")));
        assertThat(new String(aliyun.getAllServeEvents().get(0).getRequest().getBody(), StandardCharsets.UTF_8))
                .isEqualTo(expectedBody);
    }

    @Test
    void givenAliyunTakesTheMessage_whenSent_thenTheResultNamesAliyunAndTheBizId() {
        answer(okJson("{\"Message\":\"OK\",\"RequestId\":\"R1\",\"BizId\":\"900619746936498440^0\",\"Code\":\"OK\"}"));

        SendResult result = gateway().send(message());

        assertThat(result).isEqualTo(new SendResult("aliyun-sms", "900619746936498440^0"));
    }

    @ParameterizedTest
    @CsvSource({"+8613800138000, 13800138000", "+85291234567, 85291234567", "+12025550123, 12025550123"})
    void givenANumber_whenSent_thenMainlandNumbersGoWithoutCountryCodeOthersWithoutPlus(String e164, String aliyunNumber) {
        answer(okJson("{\"Code\":\"OK\",\"BizId\":\"B1\"}"));

        gateway().send(message(e164, new TemplateReference("SMS_1", Map.of())));

        aliyun.verify(1, postRequestedFor(urlEqualTo("/")).withFormParam("PhoneNumbers", equalTo(aliyunNumber)));
    }

    @Test
    void givenAMessageWithoutSmsTemplate_whenSent_thenPermanentNoTemplateAndAliyunIsNotCalled() {
        DeliveryException failure = catchThrowableOfType(DeliveryException.class,
                () -> gateway().send(message("+8613800138000", null)));

        assertThat(failure.permanent()).isTrue();
        assertThat(failure.code()).isEqualTo(SmsErrorCodes.NO_TEMPLATE);
        assertThat(SmsErrorCodes.gatewayCannotCarry(failure)).isTrue();
        aliyun.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void givenAnIllegalNumber_whenSent_thenPermanent() {
        answer(aliyunAnswer(200, "isv.MOBILE_NUMBER_ILLEGAL", "非法手机号"));

        DeliveryException failure = failure();

        assertThat(failure.permanent()).isTrue();
        assertThat(failure.code()).isEqualTo("isv.MOBILE_NUMBER_ILLEGAL");
        assertThat(failure.getMessage()).contains("+86153****0001").contains("F655A8D5");
    }

    @ParameterizedTest
    @CsvSource({
            "200, isv.SMS_TEMPLATE_ILLEGAL",
            "200, isv.SMS_SIGNATURE_ILLEGAL",
            "200, isv.TEMPLATE_MISSING_PARAMETERS",
            "200, isv.BLACK_KEY_CONTROL_LIMIT",
            "200, isv.MOBILE_COUNT_OVER_LIMIT",
            "200, isv.BUSINESS_LIMIT_CONTROL",
            "200, isv.AMOUNT_NOT_ENOUGH",
            "200, isv.SOMETHING_ALIYUN_ADDS_LATER",
            "400, SignatureDoesNotMatch",
            "404, InvalidAccessKeyId.NotFound",
            "400, Throttling.User",
            "500, InternalError",
            "503, ServiceUnavailable"})
    void givenARefusalThatIsOursOrPassing_whenSent_thenTemporarySoTheNumberIsNotMarkedInvalid(int status, String code) {
        answer(aliyunAnswer(status, code, "refused"));

        DeliveryException failure = failure();

        assertThat(failure.permanent()).isFalse();
        assertThat(failure.code()).isEqualTo(code);
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 503})
    void givenAServerErrorWithoutJson_whenSent_thenTemporaryWithTheHttpStatus(int status) {
        answer(aResponse().withStatus(status).withBody("<html>Bad Gateway</html>"));

        DeliveryException failure = failure();

        assertThat(failure.permanent()).isFalse();
        assertThat(failure.code()).isEqualTo("HTTP_" + status);
    }

    @Test
    void givenAliyunAnswersAfterTheReadTimeout_whenSent_thenOutcomeUnknown() {
        answer(okJson("{\"Code\":\"OK\",\"BizId\":\"B1\"}").withFixedDelay(2 * (int) READ_TIMEOUT.toMillis()));

        DeliveryException failure = failure();

        assertThat(failure.outcomeUnknown()).as("the provider may have it").isTrue();
        assertThat(failure.permanent()).isFalse();
        assertThat(failure.code()).isEqualTo(SmsErrorCodes.TIMEOUT);
        // WireMock logs the late request when it finally answers; it must not spill into the next test's journal.
        await().atMost(Duration.ofSeconds(5)).until(() -> aliyun.getAllServeEvents().size() == 1);
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
    void givenA200ThatIsNotJson_whenSent_thenOutcomeUnknown() {
        answer(aResponse().withStatus(200).withBody("<SendSmsResponse><Code>OK</Code></SendSmsResponse>"));

        DeliveryException failure = failure();

        assertThat(failure.outcomeUnknown()).as("the provider may have it").isTrue();
        assertThat(failure.permanent()).isFalse();
        assertThat(failure.code()).isEqualTo(SmsErrorCodes.MALFORMED_RESPONSE);
    }

    @Test
    void givenAnOkWithoutBizId_whenSent_thenOutcomeUnknown() {
        answer(okJson("{\"Code\":\"OK\",\"RequestId\":\"R1\"}"));

        DeliveryException failure = failure();

        assertThat(failure.outcomeUnknown()).as("the provider may have it").isTrue();
        assertThat(failure.permanent()).isFalse();
        assertThat(failure.code()).isEqualTo(SmsErrorCodes.MALFORMED_RESPONSE);
    }
}
