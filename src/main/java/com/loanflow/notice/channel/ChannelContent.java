package com.loanflow.notice.channel;

import java.util.Map;

/**
 * A notice rendered for one channel. {@code subject} and {@code body} are what the borrower reads (the body is
 * plain text). Gateways that only send approved templates get the template reference and its parameter values
 * instead: {@code smsTemplate} for Chinese SMS gateways (template code and parameters), {@code wechatTemplate} for
 * WeChat official-account template messages.
 */
public record ChannelContent(String subject, String body, TemplateReference smsTemplate,
                             TemplateReference wechatTemplate) {

    /** An approved template at the provider and the values of its parameters. */
    public record TemplateReference(String templateId, Map<String, String> parameters) {
    }

    public static ChannelContent text(String subject, String body) {
        return new ChannelContent(subject, body, null, null);
    }
}
