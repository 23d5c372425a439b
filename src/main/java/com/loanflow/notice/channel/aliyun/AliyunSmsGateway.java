package com.loanflow.notice.channel.aliyun;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.loanflow.borrower.Masking;
import com.loanflow.notice.channel.ChannelContent.TemplateReference;
import com.loanflow.notice.channel.DeliveryException;
import com.loanflow.notice.channel.OutboundMessage;
import com.loanflow.notice.channel.SendResult;
import com.loanflow.notice.channel.sms.GatewayHttp;
import com.loanflow.notice.channel.sms.SmsErrorCodes;
import com.loanflow.notice.channel.sms.SmsGateway;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Sends SMS through Aliyun's {@code SendSms} RPC API (version 2017-05-25), signed with HMAC-SHA1 version 1.0
 * ({@link AliyunPopSignature}). Aliyun sends only approved templates, so the message must carry
 * {@link com.loanflow.notice.channel.ChannelContent#smsTemplate()}; without one it is refused before any call with a
 * permanent {@link SmsErrorCodes#NO_TEMPLATE}, which the SMS failover sends through its other gateway. The attempt id
 * is the {@code OutId}, which Aliyun echoes in its delivery reports.
 *
 * <p>Numbers: mainland numbers go without {@code +86}; other numbers as country code and number without {@code +},
 * the format Aliyun documents for international/HK/Macao/Taiwan messages ({@code 85200000000}).
 *
 * <p>Failures: only {@code isv.MOBILE_NUMBER_ILLEGAL} is about the number and permanent. Every other refusal is ours
 * and temporary, so that the borrower's number is not marked invalid and the backup gateway takes over while an
 * operator fixes it: template or signature not approved ({@code isv.SMS_TEMPLATE_ILLEGAL},
 * {@code isv.SMS_SIGNATURE_ILLEGAL}, {@code isv.TEMPLATE_MISSING_PARAMETERS}), template variables with blocked
 * words ({@code isv.BLACK_KEY_CONTROL_LIMIT}), too many numbers in one call ({@code isv.MOBILE_COUNT_OVER_LIMIT},
 * impossible with one number per call), the account ({@code isv.AMOUNT_NOT_ENOUGH}, {@code isv.OUT_OF_SERVICE},
 * {@code isp.RAM_PERMISSION_DENY}, {@code SignatureDoesNotMatch}, {@code InvalidAccessKeyId.NotFound}), throttling
 * ({@code isv.BUSINESS_LIMIT_CONTROL}, {@code isv.DAY_LIMIT_CONTROL}, {@code Throttling.User}), 5xx, timeouts,
 * broken connections and unreadable answers.
 */
@Component
@ConditionalOnProperty(name = "loanflow.notice.aliyun-sms.enabled", havingValue = "true")
public class AliyunSmsGateway implements SmsGateway {

    public static final String NAME = "aliyun-sms";

    static final Set<String> PERMANENT_ERRORS = Set.of("isv.MOBILE_NUMBER_ILLEGAL");

    private static final Logger log = LoggerFactory.getLogger(AliyunSmsGateway.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    private static final String MAINLAND = "+86";

    private final AliyunSmsProperties properties;
    private final URI endpoint;
    private final Clock clock;
    private final Supplier<String> nonces;
    private final HttpClient http;

    @Autowired
    public AliyunSmsGateway(AliyunSmsProperties properties, Clock clock) {
        this(properties, clock, () -> UUID.randomUUID().toString());
    }

    AliyunSmsGateway(AliyunSmsProperties properties, Clock clock, Supplier<String> nonces) {
        this.properties = properties;
        String base = properties.endpoint();
        this.endpoint = URI.create(base.endsWith("/") ? base : base + "/");
        this.clock = clock;
        this.nonces = nonces;
        this.http = GatewayHttp.client(properties.connectTimeout());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public SendResult send(OutboundMessage message) {
        TemplateReference template = message.content() == null ? null : message.content().smsTemplate();
        if (template == null || template.templateId() == null || template.templateId().isBlank()) {
            throw DeliveryException.permanent(SmsErrorCodes.NO_TEMPLATE, "Aliyun SMS sends only approved templates"
                    + " and attempt " + message.attemptId() + " (" + message.event() + ") has no SMS template");
        }
        Map<String, String> parameters = requestParameters(message, template);
        parameters.put("Signature", AliyunPopSignature.sign("POST", parameters, properties.accessKeySecret()));
        String form = AliyunPopSignature.canonicalizedQuery(parameters) + "&Signature="
                + AliyunPopSignature.percentEncode(parameters.get("Signature"));

        HttpResponse<String> response = GatewayHttp.postForm(http, endpoint, form, properties.readTimeout(), NAME);
        int status = response.statusCode();
        JsonNode answer = parse(response.body());
        String code = answer == null ? null : answer.path("Code").asText(null);
        if (status >= 200 && status < 300 && "OK".equals(code)) {
            String bizId = answer.path("BizId").asText(null);
            if (bizId == null || bizId.isBlank()) {
                throw DeliveryException.outcomeUnknown(SmsErrorCodes.MALFORMED_RESPONSE,
                        "Aliyun SMS answered OK without a BizId", null);
            }
            log.info("SMS attempt {} to {} taken by Aliyun SMS as {}", message.attemptId(),
                    Masking.maskPhone(message.address()), bizId);
            return new SendResult(NAME, bizId);
        }
        if ((code == null || code.isBlank()) && status >= 200 && status < 300) {
            throw DeliveryException.outcomeUnknown(SmsErrorCodes.MALFORMED_RESPONSE, "Aliyun SMS answered HTTP "
                    + status + " with a body that is not its answer format" + requestId(answer), null);
        }
        if (code == null || code.isBlank()) {
            code = SmsErrorCodes.http(status);
        }
        String detail = "Aliyun SMS refused attempt " + message.attemptId() + " to "
                + Masking.maskPhone(message.address()) + ": HTTP " + status + ", code " + code
                + (answer == null ? "" : ", " + answer.path("Message").asText("")) + requestId(answer);
        if (PERMANENT_ERRORS.contains(code)) {
            log.info(detail);
            throw DeliveryException.permanent(code, detail);
        }
        log.warn(detail);
        throw DeliveryException.temporary(code, detail);
    }

    private Map<String, String> requestParameters(OutboundMessage message, TemplateReference template) {
        Map<String, String> parameters = new TreeMap<>();
        parameters.put("Action", "SendSms");
        parameters.put("Version", "2017-05-25");
        parameters.put("RegionId", "cn-hangzhou");
        parameters.put("Format", "JSON");
        parameters.put("AccessKeyId", properties.accessKeyId());
        parameters.put("SignatureMethod", "HMAC-SHA1");
        parameters.put("SignatureVersion", "1.0");
        parameters.put("SignatureNonce", nonces.get());
        parameters.put("Timestamp", TIMESTAMP.format(clock.instant()));
        parameters.put("PhoneNumbers", phoneNumber(message.address()));
        parameters.put("SignName", properties.signName());
        parameters.put("TemplateCode", template.templateId());
        if (template.parameters() != null && !template.parameters().isEmpty()) {
            parameters.put("TemplateParam", json(new TreeMap<>(template.parameters())));
        }
        parameters.put("OutId", message.attemptId());
        return parameters;
    }

    /** E.164 to Aliyun's format: mainland numbers national, others country code and number without {@code +}. */
    static String phoneNumber(String e164) {
        if (e164.startsWith(MAINLAND)) {
            return e164.substring(MAINLAND.length());
        }
        return e164.startsWith("+") ? e164.substring(1) : e164;
    }

    private static String json(Map<String, String> values) {
        try {
            return JSON.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A map of strings is always JSON", e);
        }
    }

    private static JsonNode parse(String body) {
        try {
            JsonNode node = JSON.readTree(body);
            return node != null && node.isObject() ? node : null;
        } catch (JsonProcessingException notJson) {
            return null;
        }
    }

    private static String requestId(JsonNode answer) {
        String requestId = answer == null ? null : answer.path("RequestId").asText(null);
        return requestId == null ? "" : " (RequestId " + requestId + ")";
    }
}
