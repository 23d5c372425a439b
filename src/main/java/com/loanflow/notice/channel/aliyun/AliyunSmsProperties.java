package com.loanflow.notice.channel.aliyun;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The Aliyun (Alibaba Cloud) SMS account ({@code loanflow.notice.aliyun-sms.*}): an AccessKey pair allowed to call
 * {@code dysmsapi:SendSms}, the approved signature ({@code sign-name}, the 【…】 prefix), and {@code callback-token},
 * the secret that authenticates delivery reports: the SmsReport push URL configured in the Aliyun console is
 * {@code {loanflow.notice.webhook-base-url}/api/webhooks/aliyun-sms/receipts?token={callback-token}}. Checked only when
 * {@code enabled}.
 */
@ConfigurationProperties("loanflow.notice.aliyun-sms")
public record AliyunSmsProperties(
        @DefaultValue("false") boolean enabled,
        String accessKeyId,
        String accessKeySecret,
        String signName,
        @DefaultValue("https://dysmsapi.aliyuncs.com") String endpoint,
        String callbackToken,
        @DefaultValue("2s") Duration connectTimeout,
        @DefaultValue("5s") Duration readTimeout) {

    public AliyunSmsProperties {
        if (enabled) {
            require(accessKeyId, "access-key-id");
            require(accessKeySecret, "access-key-secret");
            require(signName, "sign-name");
            require(endpoint, "endpoint");
            // Without it every delivery report would be refused (or, worse, accepted unauthenticated).
            require(callbackToken, "callback-token");
            if (connectTimeout == null || readTimeout == null) {
                throw new IllegalArgumentException("loanflow.notice.aliyun-sms timeouts must be set");
            }
        }
    }

    private static void require(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("loanflow.notice.aliyun-sms." + name
                    + " must be set when loanflow.notice.aliyun-sms.enabled is true");
        }
    }

    /** Keeps the secrets out of logs and error messages. */
    @Override
    public String toString() {
        return "AliyunSmsProperties[enabled=" + enabled + ", accessKeyId=" + accessKeyId
                + ", accessKeySecret=***, signName=" + signName + ", endpoint=" + endpoint + ", callbackToken=***"
                + ", connectTimeout=" + connectTimeout + ", readTimeout=" + readTimeout + "]";
    }
}
