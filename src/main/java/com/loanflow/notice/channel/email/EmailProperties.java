package com.loanflow.notice.channel.email;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The e-mail channel ({@code loanflow.notice.email.*}). The SMTP server itself is configured with Spring Boot's
 * {@code spring.mail.*}; these are what LoanFlow puts into each message and how it checks the provider's events.
 *
 * @param enabled            whether notices go out by e-mail through {@code spring.mail.*}
 * @param from               the sender address, e.g. {@code notice@loanflow.example.com}; required when enabled
 * @param fromName           the sender's display name
 * @param replyTo            where a borrower's reply goes; none when blank
 * @param webhookSigningKey  the provider's (Mailgun's) webhook signing key; without it no delivery events are
 *                           accepted and e-mail is confirmed only by the borrower's read acknowledgement
 * @param messageIdDomain    the right-hand side of each {@code Message-ID}; best the sending domain
 */
@ConfigurationProperties("loanflow.notice.email")
public record EmailProperties(
        boolean enabled,
        String from,
        @DefaultValue("LoanFlow 汽车金融") String fromName,
        String replyTo,
        String webhookSigningKey,
        @DefaultValue("loanflow.notice") String messageIdDomain) {
}
