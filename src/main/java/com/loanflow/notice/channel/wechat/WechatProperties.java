package com.loanflow.notice.channel.wechat;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The WeChat official account that sends template messages ({@code loanflow.notice.wechat.*}).
 *
 * @param enabled        whether notices on the WECHAT channel go through WeChat
 * @param appId          the official account's AppID (开发者ID)
 * @param appSecret      its AppSecret
 * @param token          the Token of the server configuration (服务器配置), with which WeChat signs the events it
 *                       pushes to LoanFlow's webhook
 * @param baseUrl        WeChat's API, {@code https://api.weixin.qq.com} unless a test or a proxy stands in
 * @param detailUrl      the page a tap on the message opens, e.g. the loan in the borrower app; {@code {loanId}}
 *                       is replaced by the loan's id; without it the message opens nothing
 * @param connectTimeout how long to wait for a connection to WeChat
 * @param readTimeout    how long to wait for WeChat's answer once connected
 */
@Validated
@ConfigurationProperties("loanflow.notice.wechat")
public record WechatProperties(
        @DefaultValue("false") boolean enabled,
        String appId,
        String appSecret,
        String token,
        @NotBlank @DefaultValue("https://api.weixin.qq.com") String baseUrl,
        String detailUrl,
        @NotNull @DefaultValue("5s") Duration connectTimeout,
        @NotNull @DefaultValue("10s") Duration readTimeout) {

    public WechatProperties {
        if (baseUrl != null && baseUrl.endsWith("/")) {
            baseUrl = baseUrl.substring(0, baseUrl.length() - 1);
        }
    }

    /** Sending needs the account's credentials, and receipts the Token: a half-configured account fails at start. */
    @AssertTrue(message = "app-id, app-secret and token are required when loanflow.notice.wechat.enabled is true")
    public boolean isCompleteWhenEnabled() {
        return !enabled || (present(appId) && present(appSecret) && present(token));
    }

    /** Keeps the secret and the Token out of logs and failure reports. */
    @Override
    public String toString() {
        return "WechatProperties[enabled=" + enabled + ", appId=" + appId + ", appSecret=" + hidden(appSecret)
                + ", token=" + hidden(token) + ", baseUrl=" + baseUrl + ", detailUrl=" + detailUrl
                + ", connectTimeout=" + connectTimeout + ", readTimeout=" + readTimeout + "]";
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    private static String hidden(String value) {
        return present(value) ? "******" : "(unset)";
    }
}
