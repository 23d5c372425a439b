package com.loanflow.notice.channel.twilio;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The Twilio account that sends SMS ({@code loanflow.notice.twilio.*}). The sender is either an E.164 number
 * ({@code from}) or a Messaging Service ({@code messaging-service-sid}, which wins when both are set). The auth token
 * also signs the delivery receipts Twilio posts back. Checked only when {@code enabled}, so an unused Twilio section
 * may stay empty.
 */
@ConfigurationProperties("loanflow.notice.twilio")
public record TwilioProperties(
        @DefaultValue("false") boolean enabled,
        String accountSid,
        String authToken,
        String from,
        String messagingServiceSid,
        @DefaultValue("https://api.twilio.com") String baseUrl,
        @DefaultValue("2s") Duration connectTimeout,
        @DefaultValue("5s") Duration readTimeout) {

    public TwilioProperties {
        if (enabled) {
            require(accountSid, "account-sid");
            require(authToken, "auth-token");
            require(baseUrl, "base-url");
            if (isBlank(from) && isBlank(messagingServiceSid)) {
                throw new IllegalArgumentException("loanflow.notice.twilio.from or messaging-service-sid must be set"
                        + " when loanflow.notice.twilio.enabled is true");
            }
            if (connectTimeout == null || readTimeout == null) {
                throw new IllegalArgumentException("loanflow.notice.twilio timeouts must be set");
            }
        }
    }

    private static void require(String value, String name) {
        if (isBlank(value)) {
            throw new IllegalArgumentException("loanflow.notice.twilio." + name
                    + " must be set when loanflow.notice.twilio.enabled is true");
        }
    }

    static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    /** Keeps the auth token out of logs and error messages. */
    @Override
    public String toString() {
        return "TwilioProperties[enabled=" + enabled + ", accountSid=" + accountSid + ", authToken=***, from=" + from
                + ", messagingServiceSid=" + messagingServiceSid + ", baseUrl=" + baseUrl + ", connectTimeout="
                + connectTimeout + ", readTimeout=" + readTimeout + "]";
    }
}
