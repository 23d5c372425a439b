package com.loanflow.notice.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.loanflow.notice.delivery.DeliveryServers.ALIYUN;
import static com.loanflow.notice.delivery.DeliveryServers.SMTP;
import static com.loanflow.notice.delivery.DeliveryServers.TWILIO;
import static com.loanflow.notice.delivery.DeliveryServers.WECHAT;
import static com.loanflow.support.StaffUsers.INTEGRATOR;
import static com.loanflow.support.StaffUsers.PASSWORD;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.loanflow.notice.channel.sms.SmsChannelProvider;
import com.loanflow.support.ApiClient;
import com.loanflow.support.LoanSteps;
import com.loanflow.support.PostgresIntegrationTest;
import com.loanflow.support.TestApplications;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Multi-channel delivery against real servers on PostgreSQL: LoanFlow's real providers are enabled for Aliyun SMS
 * (primary) and Twilio (backup) behind a small circuit breaker, e-mail over SMTP (GreenMail) and WeChat, each
 * pointed at a server started before the context ({@link DeliveryServers}). App push, the credit bureau and the
 * payment gateway stay on the sandbox. Receipts are posted to the webhooks the way each provider signs them, with
 * the secrets configured here; webhook signatures are computed over the public URL {@value #PUBLIC_URL}.
 *
 * <p>These tests run in their own JVM (failsafe execution {@code delivery}): a second context with other properties
 * in the JVM of the other PostgreSQL ITs would register a second engine "default" in Camunda's static registry.
 */
public abstract class DeliveryIntegrationTest extends PostgresIntegrationTest {

    static final String PUBLIC_URL = "https://loanflow.test";

    static final String ALIYUN_CALLBACK_TOKEN = "aliyun-callback-token-it-4f1c9a7e2b";
    static final String TWILIO_ACCOUNT_SID = "AC0123456789abcdef0123456789abcdef";
    static final String TWILIO_AUTH_TOKEN = "twilio-auth-token-it-8d2e";
    static final String TWILIO_FROM = "+15005550006";
    static final String TWILIO_MESSAGES = "/2010-04-01/Accounts/" + TWILIO_ACCOUNT_SID + "/Messages.json";
    static final String EMAIL_SIGNING_KEY = "key-it-mailgun-signing-5b7d";
    static final String MESSAGE_ID_DOMAIN = "mail.loanflow.test";
    static final String WECHAT_TOKEN = "wechat-server-token-it";
    static final String WECHAT_SEND = "/cgi-bin/message/template/send";
    static final String WECHAT_STABLE_TOKEN = "/cgi-bin/stable_token";
    /** The approved template of APPLICATION_RECEIVED (templates/notices/APPLICATION_RECEIVED.yaml). */
    static final String RECEIVED_SMS_TEMPLATE = "SMS_480001";
    static final String RECEIVED_WECHAT_TEMPLATE = "OZlFjaABTIbjZmR8aaCrc2MWZj2Vefk7Qn-PzCf_qKk";

    /** How long the SMS primary's circuit breaker stays open once it opened. */
    static final Duration BREAKER_OPEN = Duration.ofSeconds(2);

    static final String APPLICATION_RECEIVED = "APPLICATION_RECEIVED";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
    private static final DateTimeFormatter ALIYUN_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @DynamicPropertySource
    static void realProviders(DynamicPropertyRegistry registry) {
        registry.add("loanflow.notice.webhook-base-url", () -> PUBLIC_URL);

        registry.add("loanflow.notice.aliyun-sms.enabled", () -> "true");
        registry.add("loanflow.notice.aliyun-sms.endpoint", ALIYUN::baseUrl);
        registry.add("loanflow.notice.aliyun-sms.access-key-id", () -> "LTAI-it-key-id");
        registry.add("loanflow.notice.aliyun-sms.access-key-secret", () -> "it-key-secret");
        registry.add("loanflow.notice.aliyun-sms.sign-name", () -> "LoanFlow汽车金融");
        registry.add("loanflow.notice.aliyun-sms.callback-token", () -> ALIYUN_CALLBACK_TOKEN);
        registry.add("loanflow.notice.aliyun-sms.connect-timeout", () -> "1s");
        registry.add("loanflow.notice.aliyun-sms.read-timeout", () -> "5s");

        registry.add("loanflow.notice.twilio.enabled", () -> "true");
        registry.add("loanflow.notice.twilio.base-url", TWILIO::baseUrl);
        registry.add("loanflow.notice.twilio.account-sid", () -> TWILIO_ACCOUNT_SID);
        registry.add("loanflow.notice.twilio.auth-token", () -> TWILIO_AUTH_TOKEN);
        registry.add("loanflow.notice.twilio.from", () -> TWILIO_FROM);
        registry.add("loanflow.notice.twilio.connect-timeout", () -> "1s");
        registry.add("loanflow.notice.twilio.read-timeout", () -> "5s");

        registry.add("loanflow.notice.sms.primary", () -> "aliyun-sms");
        registry.add("loanflow.notice.sms.backup", () -> "twilio");
        registry.add("loanflow.notice.sms.circuit-breaker.failure-rate-threshold", () -> "50");
        registry.add("loanflow.notice.sms.circuit-breaker.sliding-window-size", () -> "4");
        registry.add("loanflow.notice.sms.circuit-breaker.minimum-number-of-calls", () -> "2");
        registry.add("loanflow.notice.sms.circuit-breaker.wait-duration-in-open-state", BREAKER_OPEN::toString);
        registry.add("loanflow.notice.sms.circuit-breaker.permitted-calls-in-half-open-state", () -> "1");
        // The slow-gateway tests must not open the breaker on slowness.
        registry.add("loanflow.notice.sms.circuit-breaker.slow-call-duration-threshold", () -> "10s");

        registry.add("loanflow.notice.email.enabled", () -> "true");
        registry.add("loanflow.notice.email.from", () -> "notice@loanflow.test");
        registry.add("loanflow.notice.email.webhook-signing-key", () -> EMAIL_SIGNING_KEY);
        registry.add("loanflow.notice.email.message-id-domain", () -> MESSAGE_ID_DOMAIN);
        registry.add("spring.mail.host", () -> "localhost");
        registry.add("spring.mail.port", () -> String.valueOf(SMTP.getSmtp().getPort()));
        registry.add("spring.mail.properties.mail.smtp.connectiontimeout", () -> "2000");
        registry.add("spring.mail.properties.mail.smtp.timeout", () -> "5000");

        registry.add("loanflow.notice.wechat.enabled", () -> "true");
        registry.add("loanflow.notice.wechat.base-url", WECHAT::baseUrl);
        registry.add("loanflow.notice.wechat.app-id", () -> "wx-it-app");
        registry.add("loanflow.notice.wechat.app-secret", () -> "wx-it-secret");
        registry.add("loanflow.notice.wechat.token", () -> WECHAT_TOKEN);
        registry.add("loanflow.notice.wechat.connect-timeout", () -> "1s");
        registry.add("loanflow.notice.wechat.read-timeout", () -> "5s");
    }

    @LocalServerPort
    private int serverPort;

    @Autowired
    private SmsChannelProvider smsChannel;

    protected LoanSteps steps;

    @BeforeEach
    void freshServers() throws Exception {
        // Whatever an earlier test set going (its loan's later notices) has reached the servers by now.
        awaitEngineIdle();
        ALIYUN.resetAll();
        TWILIO.resetAll();
        WECHAT.resetAll();
        SMTP.purgeEmailFromAllMailboxes();
        // Every gateway takes every message unless a test says otherwise; message ids are unique per request, as
        // the providers' are (LoanFlow finds attempts by them).
        ALIYUN.stubFor(post(urlEqualTo("/")).willReturn(okJson("""
                {"Code": "OK", "Message": "OK", "RequestId": "{{randomValue type='UUID'}}",
                 "BizId": "{{randomValue length=15 type='NUMERIC'}}^0"}""").withTransformers("response-template")));
        TWILIO.stubFor(post(urlPathEqualTo(TWILIO_MESSAGES)).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json")
                .withBody("""
                        {"sid": "SM{{randomValue length=32 type='HEXADECIMAL'}}", "status": "queued",
                         "account_sid": "%s", "num_segments": "1"}""".formatted(TWILIO_ACCOUNT_SID))
                .withTransformers("response-template")));
        WECHAT.stubFor(post(urlPathEqualTo(WECHAT_STABLE_TOKEN))
                .willReturn(okJson("{\"access_token\": \"IT-ACCESS-TOKEN\", \"expires_in\": 7200}")));
        WECHAT.stubFor(post(urlPathEqualTo(WECHAT_SEND)).willReturn(okJson(
                "{\"errcode\": 0, \"errmsg\": \"ok\", \"msgid\": 1{{randomValue length=12 type='NUMERIC'}} }")
                .withTransformers("response-template")));
        // Each test starts with a closed breaker, whatever the previous test did to the primary gateway.
        smsChannel.primaryCircuitBreaker().reset();
        steps = new LoanSteps(api);
    }

    @AfterEach
    void realTimeAgain() {
        ClockUtil.reset();
    }

    // ---- borrowers and their notices ----

    /** A borrower's addresses, unique per test so that what the servers received can be told apart. */
    record Borrower(String phone, String email, String wechatOpenId) {

        /** The number as Aliyun's SendSms takes it: mainland numbers without +86. */
        String aliyunPhone() {
            return phone.substring(3);
        }
    }

    record TestLoan(String loanId, Borrower borrower) {
    }

    /** New addresses: a mainland mobile number, an e-mail address and, if asked, a WeChat openid. */
    protected static Borrower newBorrower(boolean withWechat) {
        String tag = Long.toString(RANDOM.nextLong() & Long.MAX_VALUE, 36);
        return new Borrower("+86139" + (10000000 + RANDOM.nextInt(89999999)), "borrower-" + tag + "@mail.example",
                withWechat ? "o6_it" + tag : null);
    }

    /** A good applicant (approved at once) with these preferred channels and no push token. */
    protected TestLoan applyFor(Borrower borrower, List<String> preferredChannels) {
        Map<String, Object> application = TestApplications.application("123");
        @SuppressWarnings("unchecked")
        Map<String, Object> applicant = (Map<String, Object>) application.get("applicant");
        applicant.put("phone", borrower.phone());
        applicant.put("email", borrower.email());
        applicant.remove("pushToken");
        if (borrower.wechatOpenId() != null) {
            applicant.put("wechatOpenId", borrower.wechatOpenId());
        } else {
            applicant.remove("wechatOpenId");
        }
        applicant.put("preferredChannels", preferredChannels);
        return new TestLoan(steps.apply(application), borrower);
    }

    protected JsonNode notice(String noticeId) {
        ApiClient.Response response = api.get("/api/notices/" + noticeId, INTEGRATOR, PASSWORD);
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        return response.json();
    }

    protected List<JsonNode> notices(String loanId) {
        ApiClient.Response response = api.get("/api/loans/" + loanId + "/notices", INTEGRATOR, PASSWORD);
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        return StreamSupport.stream(response.json().spliterator(), false).toList();
    }

    /** The id of the loan's notice about {@code event}, once it is listed. */
    protected String awaitNotice(String loanId, String event) {
        List<String> found = new ArrayList<>();
        await().atMost(LoanSteps.PATIENCE).pollInterval(Duration.ofMillis(100)).until(() -> {
            found.clear();
            notices(loanId).stream().filter(n -> n.get("event").asText().equals(event))
                    .forEach(n -> found.add(n.get("noticeId").asText()));
            return found.size() == 1;
        });
        return found.get(0);
    }

    /** Waits until the notice has an attempt that matches, and returns it as the API shows it. */
    protected JsonNode awaitAttempt(String noticeId, Predicate<JsonNode> matching, String description) {
        List<JsonNode> found = new ArrayList<>();
        await().atMost(LoanSteps.PATIENCE).pollInterval(Duration.ofMillis(100))
                .alias("notice " + noticeId + " has an attempt " + description).until(() -> {
                    found.clear();
                    attempts(notice(noticeId)).stream().filter(matching).forEach(found::add);
                    return !found.isEmpty();
                });
        return found.get(0);
    }

    protected JsonNode awaitAttempt(String noticeId, String channel, String status) {
        return awaitAttempt(noticeId, a -> a.get("channel").asText().equals(channel)
                && a.get("status").asText().equals(status), "on " + channel + " in " + status);
    }

    protected static List<JsonNode> attempts(JsonNode notice) {
        return StreamSupport.stream(notice.get("attempts").spliterator(), false).toList();
    }

    protected static JsonNode attempt(JsonNode notice, String attemptId) {
        return attempts(notice).stream().filter(a -> a.get("attemptId").asText().equals(attemptId)).findFirst()
                .orElseThrow(() -> new AssertionError("notice has no attempt " + attemptId + ": " + notice));
    }

    protected JsonNode awaitNoticeStatus(String noticeId, String status) {
        List<JsonNode> last = new ArrayList<>();
        await().atMost(LoanSteps.PATIENCE).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            last.clear();
            last.add(notice(noticeId));
            assertThat(last.get(0).get("status").asText()).as(last.get(0).toString()).isEqualTo(status);
        });
        return last.get(0);
    }

    /** The attempt written before the send, still waiting for its send to commit (read from the database). */
    /** The attempt whose send is under way: claimed (SENDING), the provider's answer not recorded yet. */
    protected Optional<String> sendingAttempt(String loanId, String event, String channel) {
        return jdbc.sql("""
                        select a.id from notice_attempt a join notice n on n.id = a.notice_id
                        where n.loan_id = :loanId and n.event = :event and a.channel = :channel and a.status = 'SENDING'""")
                .param("loanId", loanId).param("event", event).param("channel", channel)
                .query(String.class).optional();
    }

    protected long receiptRows(String attemptId) {
        return jdbc.sql("select count(*) from notice_receipt where attempt_id = :id").param("id", attemptId)
                .query(Long.class).single();
    }

    protected String contactStatus(String loanId, String channel) {
        return jdbc.sql("""
                        select c.status from borrower_contact c join loan l on l.borrower_id = c.borrower_id
                        where l.id = :loanId and c.channel = :channel""")
                .param("loanId", loanId).param("channel", channel).query(String.class).single();
    }

    /** Moves the engine clock (the application's clock too) forward and lets the timers that fell due run. */
    protected void advanceEngineClock(Duration by) {
        awaitEngineIdle();
        ClockUtil.setCurrentTime(new Date(ClockUtil.getCurrentTime().getTime() + by.toMillis()));
        awaitEngineIdle();
    }

    protected static Instant engineNow() {
        return ClockUtil.getCurrentTime().toInstant();
    }

    // ---- what the servers received ----

    /** Requests every provider received, so a test can prove that something sent nothing. */
    record Traffic(int aliyun, int twilio, int wechatSends, int mails) {
    }

    protected Traffic traffic() {
        return new Traffic(ALIYUN.countRequestsMatching(anyRequestedFor(anyUrl()).build()).getCount(),
                TWILIO.countRequestsMatching(anyRequestedFor(anyUrl()).build()).getCount(),
                WECHAT.countRequestsMatching(postRequestedFor(urlPathEqualTo(WECHAT_SEND)).build()).getCount(),
                SMTP.getReceivedMessages().length);
    }

    protected static RequestPatternBuilder aliyunSendSms(String attemptId) {
        return postRequestedFor(urlEqualTo("/")).withFormParam("Action", equalTo("SendSms"))
                .withFormParam("OutId", equalTo(attemptId));
    }

    protected static RequestPatternBuilder twilioMessage(String attemptId) {
        return postRequestedFor(urlPathEqualTo(TWILIO_MESSAGES))
                .withFormParam("StatusCallback", equalTo(twilioCallbackUrl(attemptId)));
    }

    protected static RequestPatternBuilder wechatTemplateSend(String attemptId) {
        return postRequestedFor(urlPathEqualTo(WECHAT_SEND))
                .withRequestBody(matchingJsonPath("$.client_msg_id", equalTo(attemptId)));
    }

    protected static int count(WireMockServer server, RequestPatternBuilder pattern) {
        return server.countRequestsMatching(pattern.build()).getCount();
    }

    /** The public callback URL Twilio is given for an attempt, as TwilioSmsGateway builds it. */
    protected static String twilioCallbackUrl(String attemptId) {
        return PUBLIC_URL + "/api/webhooks/twilio/receipts?attemptId=" + URLEncoder.encode(attemptId, UTF_8);
    }

    /** The form parameters of a request WireMock logged (the body is application/x-www-form-urlencoded). */
    protected static Map<String, String> form(LoggedRequest request) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : request.getBodyAsString().split("&")) {
            int eq = pair.indexOf('=');
            form.put(URLDecoder.decode(pair.substring(0, eq), UTF_8), URLDecoder.decode(pair.substring(eq + 1), UTF_8));
        }
        return form;
    }

    /** The e-mails GreenMail received for an attempt (LoanFlow marks each with its attempt id). */
    protected static List<MimeMessage> mailsOf(String attemptId) {
        return Arrays.stream(SMTP.getReceivedMessages()).filter(m -> attemptId.equals(header(m, "X-LoanFlow-Attempt")))
                .toList();
    }

    protected static String header(MimeMessage message, String name) {
        try {
            return message.getHeader(name, null);
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- receipts, as each provider posts them ----

    /** A webhook call as LoanFlow answered it. */
    record WebhookAnswer(int status, String contentType, String text) {

        JsonNode json() {
            try {
                return JSON.readTree(text);
            } catch (IOException e) {
                throw new AssertionError("Not JSON: " + text, e);
            }
        }
    }

    /** Posts to LoanFlow's webhook at the path and query of {@code publicUrl}, the URL the provider called. */
    protected WebhookAnswer postWebhook(String publicUrl, String contentType, String body, Map<String, String> headers) {
        assertThat(publicUrl).startsWith(PUBLIC_URL);
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://localhost:" + serverPort + publicUrl.substring(PUBLIC_URL.length())))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body, UTF_8));
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(UTF_8));
            return new WebhookAnswer(response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(null), response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Twilio's status callback for a message, as Twilio posts it to the StatusCallback URL it was given. */
    protected static Map<String, String> twilioStatus(String messageSid, String to, String status, String errorCode) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("SmsSid", messageSid);
        form.put("SmsStatus", status);
        form.put("MessageStatus", status);
        form.put("To", to);
        form.put("MessageSid", messageSid);
        form.put("AccountSid", TWILIO_ACCOUNT_SID);
        form.put("From", TWILIO_FROM);
        form.put("ApiVersion", "2010-04-01");
        if (errorCode != null) {
            form.put("ErrorCode", errorCode);
        }
        return form;
    }

    /** Posts a status callback signed the way Twilio signs it, with {@code authToken}. */
    protected WebhookAnswer postTwilio(String callbackUrl, Map<String, String> form, String authToken) {
        return postTwilioSigned(callbackUrl, form, twilioSignature(authToken, callbackUrl, form));
    }

    protected WebhookAnswer postTwilioSigned(String callbackUrl, Map<String, String> form, String signature) {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), UTF_8) + "=" + URLEncoder.encode(e.getValue(), UTF_8))
                .collect(Collectors.joining("&"));
        return postWebhook(callbackUrl, "application/x-www-form-urlencoded",
                body, signature == null ? Map.of() : Map.of("X-Twilio-Signature", signature));
    }

    /** Base64(HMAC-SHA1(auth token, URL + every POST parameter name and value, sorted by name)). */
    protected static String twilioSignature(String authToken, String url, Map<String, String> form) {
        StringBuilder data = new StringBuilder(url);
        form.keySet().stream().sorted().forEach(name -> data.append(name).append(form.get(name)));
        return Base64.getEncoder().encodeToString(hmac("HmacSHA1", authToken, data.toString()));
    }

    /** One Aliyun SmsReport entry (times in Beijing time, as Aliyun pushes them). */
    protected static Map<String, Object> aliyunReport(Borrower borrower, String bizId, String outId, boolean success,
                                                      String errCode, String errMsg) {
        String now = ALIYUN_TIME.format(engineNow().atZone(BEIJING));
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("phone_number", borrower == null ? "13900000000" : borrower.aliyunPhone());
        report.put("send_time", now);
        report.put("report_time", now);
        report.put("success", success);
        report.put("err_code", errCode);
        report.put("err_msg", errMsg);
        report.put("sms_size", "1");
        report.put("biz_id", bizId);
        report.put("out_id", outId);
        return report;
    }

    /** Posts an SmsReport batch to the push URL configured at Aliyun, which carries the callback token. */
    protected WebhookAnswer postAliyun(String token, String body) {
        String url = PUBLIC_URL + "/api/webhooks/aliyun-sms/receipts"
                + (token == null ? "" : "?token=" + URLEncoder.encode(token, UTF_8));
        return postWebhook(url, "application/json", body, Map.of());
    }

    protected WebhookAnswer postAliyun(String token, List<Map<String, Object>> reports) {
        return postAliyun(token, toJson(reports));
    }

    /** A Mailgun event as Mailgun posts it, signed with {@code signingKey} at {@code timestamp}. */
    protected static String mailgunEvent(String signingKey, Instant timestamp, String event, String messageId,
                                         String eventId) {
        String seconds = String.valueOf(timestamp.getEpochSecond());
        String token = HexFormat.of().formatHex(randomBytes(25));
        String signature = HexFormat.of().formatHex(hmac("HmacSHA256", signingKey, seconds + token));
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("message-id", messageId);
        headers.put("to", "borrower@mail.example");
        headers.put("from", "LoanFlow <notice@loanflow.test>");
        Map<String, Object> eventData = new LinkedHashMap<>();
        eventData.put("id", eventId);
        eventData.put("timestamp", timestamp.getEpochSecond() + 0.25);
        eventData.put("event", event);
        eventData.put("log-level", "info");
        eventData.put("delivery-status", Map.of("code", 250, "message", "OK", "attempt-no", 1));
        eventData.put("message", Map.of("headers", headers));
        eventData.put("recipient", "borrower@mail.example");
        return toJson(Map.of("signature", Map.of("timestamp", seconds, "token", token, "signature", signature),
                "event-data", eventData));
    }

    protected WebhookAnswer postMailgun(String body) {
        return postWebhook(PUBLIC_URL + "/api/webhooks/email/receipts", "application/json", body, Map.of());
    }

    /** WeChat's template-message delivery report (TEMPLATESENDJOBFINISH), plaintext mode. */
    protected static String wechatTemplateFinished(String openId, String msgId, String status) {
        return "<xml><ToUserName><![CDATA[gh_it0123456789]]></ToUserName>"
                + "<FromUserName><![CDATA[" + openId + "]]></FromUserName>"
                + "<CreateTime>" + engineNow().getEpochSecond() + "</CreateTime>"
                + "<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[TEMPLATESENDJOBFINISH]]></Event>"
                + "<MsgID>" + msgId + "</MsgID><Status><![CDATA[" + status + "]]></Status></xml>";
    }

    /** Posts a push signed the way WeChat signs it: sha1 of the sorted token, timestamp and nonce. */
    protected WebhookAnswer postWechat(String token, Instant timestamp, String openId, String xml) {
        String seconds = String.valueOf(timestamp.getEpochSecond());
        String nonce = String.valueOf(100000000 + RANDOM.nextInt(899999999));
        return postWechatSigned(wechatSignature(token, seconds, nonce), seconds, nonce, openId, xml);
    }

    protected WebhookAnswer postWechatSigned(String signature, String timestamp, String nonce, String openId,
                                             String xml) {
        String url = PUBLIC_URL + "/api/webhooks/wechat/receipts?signature=" + signature + "&timestamp=" + timestamp
                + "&nonce=" + nonce + "&openid=" + openId;
        return postWebhook(url, "text/xml", xml, Map.of());
    }

    protected static String wechatSignature(String token, String timestamp, String nonce) {
        String[] parts = {token, timestamp, nonce};
        Arrays.sort(parts);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                    .digest(String.join("", parts).getBytes(UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    protected static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(String algorithm, String key, String data) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key.getBytes(UTF_8), algorithm));
            return mac.doFinal(data.getBytes(UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    /** Asserts a problem document (RFC 9457) with this status. */
    protected static void assertProblem(WebhookAnswer answer, int status) {
        assertThat(answer.status()).as(answer.text()).isEqualTo(status);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.json().get("status").asInt()).isEqualTo(status);
        assertThat(answer.json().get("type").asText()).isNotBlank();
        assertThat(answer.json().get("detail").asText()).isNotBlank();
    }
}
