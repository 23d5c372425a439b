package com.loanflow.notice.channel.email;

import com.loanflow.borrower.Channel;
import com.loanflow.borrower.Masking;
import com.loanflow.notice.channel.ChannelProvider;
import com.loanflow.notice.channel.DeliveryException;
import com.loanflow.notice.channel.OutboundMessage;
import com.loanflow.notice.channel.SendResult;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.annotation.Order;
import org.springframework.mail.MailException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.stereotype.Component;

/**
 * Sends notices as plain-text UTF-8 e-mail over SMTP ({@code spring.mail.*}).
 *
 * <p>SMTP has no idempotency key, so the attempt id goes where the rest of the mail world looks for one: the
 * {@code Message-ID} is {@code <attemptId@messageIdDomain>}. A retried attempt carries the same Message-ID, which
 * mailbox providers use to collapse duplicates, and the provider's delivery events name the attempt by it (see
 * {@link EmailEventWebhook}). A retry can still reach the borrower twice when the connection broke after the
 * server took the message but before it said so; that window cannot be closed over SMTP.
 */
@Component
@ConditionalOnProperty(name = "loanflow.notice.email.enabled", havingValue = "true")
// A configured e-mail provider takes the e-mail channel ahead of the sandbox, which supports every channel.
@Order(0)
class EmailChannelProvider implements ChannelProvider {

    static final String NAME = "email";

    private static final Logger log = LoggerFactory.getLogger(EmailChannelProvider.class);
    private static final String UTF_8 = StandardCharsets.UTF_8.name();

    private final JavaMailSender mailSender;
    private final Session session;
    private final InternetAddress from;
    private final InternetAddress replyTo;
    private final String messageIdDomain;

    EmailChannelProvider(EmailProperties properties, JavaMailSender mailSender) {
        this.mailSender = mailSender;
        // The message's own session only matters for MIME settings; the sender connects with its session anyway.
        if (mailSender instanceof JavaMailSenderImpl impl) {
            this.session = impl.getSession();
            requireTimeouts(impl.getProtocol(), session);
        } else {
            this.session = Session.getInstance(new Properties());
        }
        this.from = address("loanflow.notice.email.from", properties.from(), properties.fromName());
        this.replyTo = isBlank(properties.replyTo()) ? null
                : address("loanflow.notice.email.reply-to", properties.replyTo(), null);
        this.messageIdDomain = properties.messageIdDomain();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean supports(Channel channel) {
        return channel == Channel.EMAIL;
    }

    @Override
    public SendResult send(OutboundMessage message) {
        String messageId = "<" + message.attemptId() + "@" + messageIdDomain + ">";
        InternetAddress recipient;
        try {
            recipient = new InternetAddress(message.address(), true);
            recipient.validate();
        } catch (AddressException e) {
            throw DeliveryException.permanent("INVALID_ADDRESS",
                    "Not an e-mail address: " + Masking.maskEmail(message.address()));
        }
        MimeMessage mime;
        try {
            mime = compose(message, recipient, messageId);
        } catch (MessagingException e) {
            throw DeliveryException.temporary("COMPOSE", "Could not compose e-mail for attempt "
                    + message.attemptId() + ": " + e.getMessage(), e);
        }
        try {
            mailSender.send(mime);
        } catch (MailSendException e) {
            if (e.getFailedMessages().isEmpty()) {
                // JavaMailSenderImpl reports a failed QUIT after the server took the message the same way as a
                // failed send; the failed-messages map tells them apart. Retrying would send it twice.
                log.warn("E-mail attempt {} of notice {} was accepted, closing the SMTP connection failed: {}",
                        message.attemptId(), message.noticeId(), e.getMessage());
            } else {
                throw failure(message, e);
            }
        } catch (MailException e) {
            throw failure(message, e);
        }
        log.info("E-mail attempt {} of notice {} accepted for {} as {}", message.attemptId(), message.noticeId(),
                Masking.maskEmail(message.address()), messageId);
        return new SendResult(NAME, messageId);
    }

    private MimeMessage compose(OutboundMessage message, InternetAddress recipient, String messageId)
            throws MessagingException {
        MimeMessage mime = new AttemptMimeMessage(session, messageId);
        mime.setFrom(from);
        if (replyTo != null) {
            mime.setReplyTo(new InternetAddress[] {replyTo});
        }
        mime.setRecipient(Message.RecipientType.TO, recipient);
        mime.setSubject(message.content().subject(), UTF_8);
        mime.setText(message.content().body(), UTF_8);
        mime.setHeader("X-LoanFlow-Attempt", message.attemptId());
        mime.setHeader("X-LoanFlow-Notice", message.noticeId());
        // RFC 3834: no vacation auto-replies to a machine-sent notice.
        mime.setHeader("Auto-Submitted", "auto-generated");
        return mime;
    }

    private DeliveryException failure(OutboundMessage message, MailException e) {
        DeliveryException failure = SmtpFailures.classify(e);
        String masked = Masking.maskEmail(message.address());
        // The server's reply usually quotes the recipient ("550 5.1.1 <…>: mailbox unknown").
        log.warn("E-mail attempt {} of notice {} to {} failed {} ({}): {}", message.attemptId(), message.noticeId(),
                masked, failure.permanent() ? "permanently" : "temporarily", failure.code(),
                Masking.hideIn(failure.getMessage(), message.address(), masked));
        return failure;
    }

    /**
     * Without timeouts Jakarta Mail waits for a silent server for ever: the job's lock expires, another job
     * executor runs the same attempt again, and the borrower may get the notice twice.
     */
    private static void requireTimeouts(String protocol, Session session) {
        if (protocol == null) {
            protocol = session.getProperty("mail.transport.protocol");
        }
        String prefix = "mail." + (protocol == null ? "smtp" : protocol) + ".";
        for (String timeout : new String[] {"connectiontimeout", "timeout"}) {
            if (isBlank(session.getProperty(prefix + timeout))) {
                throw new IllegalStateException("Set spring.mail.properties." + prefix + timeout
                        + " (milliseconds): without it a silent SMTP server blocks the send for ever");
            }
        }
    }

    private static InternetAddress address(String property, String address, String personal) {
        if (isBlank(address)) {
            throw new IllegalStateException(property + " is required when loanflow.notice.email.enabled=true");
        }
        try {
            InternetAddress parsed = new InternetAddress(address, true);
            parsed.validate();
            if (!isBlank(personal)) {
                parsed.setPersonal(personal, UTF_8);
            }
            return parsed;
        } catch (AddressException | UnsupportedEncodingException e) {
            throw new IllegalStateException(property + " is not a valid e-mail address: " + address, e);
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    /**
     * Keeps the attempt's Message-ID: {@link MimeMessage#saveChanges()}, which every send calls, would otherwise
     * replace it with a random one.
     */
    private static final class AttemptMimeMessage extends MimeMessage {

        private final String messageId;

        AttemptMimeMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }
}
