package com.loanflow.notice.channel.wechat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.loanflow.borrower.Channel;
import com.loanflow.notice.channel.ChannelContent.TemplateReference;
import com.loanflow.notice.channel.ChannelProvider;
import com.loanflow.notice.channel.DeliveryException;
import com.loanflow.notice.channel.OutboundMessage;
import com.loanflow.notice.channel.SendResult;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Sends notices on the WECHAT channel as template messages (模板消息) of the official account
 * ({@code POST /cgi-bin/message/template/send}). The borrower's address is their openid under this account; the
 * notice must come rendered for an approved template ({@link com.loanflow.notice.channel.ChannelContent#wechatTemplate()}).
 * <p>
 * The attempt id goes out as {@code client_msg_id}, WeChat's own duplicate guard: the same openid and
 * {@code client_msg_id} produce one message. WeChat keeps that guard for 10 minutes only, so a resend of an attempt
 * whose first send timed out is recognised within 10 minutes and not guaranteed to be after that.
 * <p>
 * Failures: a rejected access token is replaced and the send tried once more; the borrower not following the
 * account, having refused this template, or an unknown openid are permanent; errors in our own account or template
 * set-up are temporary with a message an operator can act on (the borrower's address is fine); everything else
 * (throttling, WeChat busy, 5xx, timeouts, unreadable answers) is temporary.
 */
@Component
@ConditionalOnProperty(name = "loanflow.notice.wechat.enabled", havingValue = "true")
public class WechatTemplateMessageProvider implements ChannelProvider {

    static final String NAME = "wechat";
    static final String PATH = "/cgi-bin/message/template/send";

    private static final Logger log = LoggerFactory.getLogger(WechatTemplateMessageProvider.class);
    private static final String WHAT = "template message";

    /** The access token was invalid (40001, 40014) or had expired (42001). */
    private static final Set<Integer> TOKEN_REJECTED = Set.of(40001, 40014, 42001);

    /** The message will never reach this openid: not following (43004), refused the template (43101), unknown (40003). */
    private static final Set<Integer> RECIPIENT_UNREACHABLE = Set.of(43004, 43101, 40003);

    /** Our template or account set-up is wrong; an operator must fix it, retrying alone will not. */
    private static final Map<Integer, String> SETUP_ERRORS = Map.of(
            40037, "the template id is not one of the account's templates",
            40036, "the template id is malformed",
            47003, "the template data does not match the template's fields (a missing field or a value too long "
                    + "or in the wrong form for its type)",
            47001, "the request data is not in the form WeChat expects",
            40013, "the AppID is invalid",
            40125, "the AppSecret is invalid",
            48001, "the account is not authorised to send template messages",
            45067, "the client_msg_id (attempt id) is longer than WeChat allows");

    /** Same openid and client_msg_id sent again (WeChat documents this code for its mass-send guard). */
    private static final int DUPLICATE_CLIENT_MSG_ID = 45065;

    private final WechatApi api;
    private final WechatAccessTokens tokens;
    private final WechatProperties properties;

    WechatTemplateMessageProvider(WechatApi api, WechatAccessTokens tokens, WechatProperties properties) {
        this.api = api;
        this.tokens = tokens;
        this.properties = properties;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean supports(Channel channel) {
        return channel == Channel.WECHAT;
    }

    @Override
    public boolean recognisesRepeats() {
        return true;
    }

    @Override
    public SendResult send(OutboundMessage message) {
        TemplateReference template = message.content() == null ? null : message.content().wechatTemplate();
        if (template == null || template.templateId() == null || template.templateId().isBlank()) {
            // A missing template is LoanFlow's configuration error, never the borrower's address: temporary, so the
            // contact stays valid while delivery moves on to the next channel.
            throw DeliveryException.temporary("NO_TEMPLATE", "Notice " + message.noticeId() + " (" + message.event()
                    + ") has no WeChat template: WeChat only delivers approved templates");
        }
        if (message.address() == null || message.address().isBlank()) {
            throw DeliveryException.permanent("NO_OPENID", "Attempt " + message.attemptId() + " has no openid to send to");
        }
        ObjectNode body = body(message, template);

        String token = tokens.token();
        JsonNode answer = api.post(PATH + "?access_token=" + encode(token), body, WHAT);
        int errcode = WechatApi.errcode(answer, WHAT);
        if (TOKEN_REJECTED.contains(errcode)) {
            // Revoked by a forced refresh elsewhere, or expired early: WeChat did not take the message, so the same
            // request goes out once more with a new token.
            log.info("WeChat rejected the access token (errcode {}) for attempt {}; fetching a new one",
                    errcode, message.attemptId());
            tokens.invalidate(token);
            token = tokens.token();
            answer = api.post(PATH + "?access_token=" + encode(token), body, WHAT);
            errcode = WechatApi.errcode(answer, WHAT);
            if (TOKEN_REJECTED.contains(errcode)) {
                tokens.invalidate(token);
                throw DeliveryException.temporary(String.valueOf(errcode), "WeChat rejected a freshly fetched access "
                        + "token too (errcode " + errcode + ": " + errmsg(answer) + ")");
            }
        }
        return outcome(message, answer, errcode);
    }

    private SendResult outcome(OutboundMessage message, JsonNode answer, int errcode) {
        String code = String.valueOf(errcode);
        String msgid = messageId(answer);
        if (errcode == 0) {
            if (msgid == null) {
                throw WechatApi.malformed(WHAT, null);
            }
            log.info("WeChat took attempt {} for openid {} as message {}", message.attemptId(),
                    maskOpenId(message.address()), msgid);
            return new SendResult(NAME, msgid);
        }
        if (errcode == DUPLICATE_CLIENT_MSG_ID && msgid != null) {
            // WeChat already has this attempt (an earlier send whose answer we lost): same message, not a new one.
            log.info("WeChat already had attempt {} as message {}", message.attemptId(), msgid);
            return new SendResult(NAME, msgid);
        }
        if (RECIPIENT_UNREACHABLE.contains(errcode)) {
            throw DeliveryException.permanent(code, "WeChat cannot deliver to openid " + maskOpenId(message.address())
                    + " (errcode " + errcode + ": " + errmsg(answer) + ")");
        }
        String setupError = SETUP_ERRORS.get(errcode);
        if (setupError != null) {
            throw DeliveryException.temporary(code, "WeChat set-up error, an operator must fix it: " + setupError
                    + " (template " + message.content().wechatTemplate().templateId() + ", errcode " + errcode + ": "
                    + errmsg(answer) + "); the borrower's address is fine");
        }
        // 45009 (API limit), 45011 (too frequent), -1 (system busy) and anything WeChat adds later.
        throw DeliveryException.temporary(code, "WeChat did not take the template message (errcode " + errcode + ": "
                + errmsg(answer) + ")");
    }

    private ObjectNode body(OutboundMessage message, TemplateReference template) {
        ObjectNode body = api.json().createObjectNode()
                .put("touser", message.address())
                .put("template_id", template.templateId());
        String url = detailUrl(message.loanId());
        if (url != null) {
            body.put("url", url);
        }
        body.put("client_msg_id", message.attemptId());
        ObjectNode data = body.putObject("data");
        if (template.parameters() != null) {
            template.parameters().forEach((field, value) -> data.putObject(field).put("value", value));
        }
        return body;
    }

    private String detailUrl(String loanId) {
        String url = properties.detailUrl();
        if (url == null || url.isBlank()) {
            return null;
        }
        if (!url.contains("{loanId}")) {
            return url;
        }
        return loanId == null ? null : url.replace("{loanId}", encode(loanId));
    }

    /** WeChat sends the id as a JSON number ({@code msgid}; {@code msg_id} in its duplicate answers). */
    private static String messageId(JsonNode answer) {
        for (String field : new String[] {"msgid", "msg_id"}) {
            JsonNode id = answer.get(field);
            if (id != null && (id.isIntegralNumber() || id.isTextual() && !id.asText().isBlank())) {
                return id.asText();
            }
        }
        return null;
    }

    private static String errmsg(JsonNode answer) {
        return answer.path("errmsg").asText("");
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** An openid is personal data: logs and failure messages show its last 4 characters. */
    static String maskOpenId(String openId) {
        if (openId == null) {
            return null;
        }
        return openId.length() <= 8 ? "****" : "****" + openId.substring(openId.length() - 4);
    }
}
