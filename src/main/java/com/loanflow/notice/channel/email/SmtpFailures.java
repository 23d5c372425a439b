package com.loanflow.notice.channel.email;

import com.loanflow.notice.channel.DeliveryException;
import jakarta.mail.MessagingException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailException;
import org.springframework.mail.MailSendException;

/**
 * Sorts SMTP failures into the borrower's address being wrong (permanent: the contact is marked invalid and the
 * notice moves to the next channel) and everything else (temporary: retried, then an incident). Only the server's
 * answer to {@code RCPT TO} speaks about the borrower's address; a refusal of our login, our sender, our relay
 * rights or our content is our problem and must not cost the borrower a channel.
 */
final class SmtpFailures {

    /** RFC 3463 enhanced status code at the start of a reply text, e.g. {@code 5.1.1}. */
    private static final Pattern ENHANCED_STATUS = Pattern.compile("^\\s*(?:\\d{3}[ -])?([245])\\.(\\d{1,3})\\.(\\d{1,3})\\b");

    /** Jakarta Mail's "Got bad greeting from SMTP host: ..., response: 421 ...". */
    private static final Pattern SERVER_REPLY = Pattern.compile("response: ([45]\\d{2})(.*)", Pattern.DOTALL);

    private SmtpFailures() {
    }

    static DeliveryException classify(MailException failure) {
        if (failure instanceof MailAuthenticationException) {
            return DeliveryException.temporary("AUTH",
                    "The SMTP server refused LoanFlow's credentials: " + failure.getMessage(), failure);
        }
        List<Throwable> causes = causes(failure);
        for (Throwable cause : causes) {
            if (cause instanceof SMTPAddressFailedException refused) {
                String code = code(refused.getReturnCode(), refused.getMessage());
                String reply = reply(refused.getMessage());
                return recipientRefused(refused.getReturnCode(), refused.getMessage())
                        ? DeliveryException.permanent(code, "The mail server refused the recipient: " + reply)
                        : DeliveryException.temporary(code, "The mail server did not take the recipient now: "
                                + reply, failure);
            }
        }
        for (Throwable cause : causes) {
            if (cause instanceof SMTPSendFailedException refused) {
                return DeliveryException.temporary(code(refused.getReturnCode(), refused.getMessage()),
                        "The mail server refused the message: " + reply(refused.getMessage()), failure);
            }
        }
        for (Throwable cause : causes) {
            if (cause instanceof SocketTimeoutException) {
                return DeliveryException.temporary("TIMEOUT", "The mail server did not answer in time", failure);
            }
            if (cause instanceof ConnectException || cause instanceof UnknownHostException
                    || cause instanceof NoRouteToHostException) {
                return DeliveryException.temporary("CONNECT", "Could not connect to the mail server: "
                        + cause.getMessage(), failure);
            }
        }
        for (Throwable cause : causes) {
            // A refusal outside a command (the greeting) has its reply code only in the text.
            Matcher reply = cause.getMessage() == null ? null : SERVER_REPLY.matcher(cause.getMessage());
            if (reply != null && reply.find()) {
                return DeliveryException.temporary(code(Integer.parseInt(reply.group(1)), reply.group(2)),
                        "The mail server refused LoanFlow: " + reply.group(1) + " " + reply.group(2).strip(),
                        failure);
            }
        }
        return DeliveryException.temporary("SMTP", "Sending the e-mail failed: " + deepest(causes), failure);
    }

    /**
     * 550/551/553 (no such mailbox, not local, mailbox name not allowed) and 501 (address syntax) reject the
     * address; so does any 5xx whose enhanced code is about addressing (5.1.x). 5.7.x is policy: relaying denied
     * for our account, our sender or IP blocked, which says nothing about the borrower's address.
     */
    static boolean recipientRefused(int returnCode, String reply) {
        if (returnCode < 500 || returnCode > 599) {
            return false;
        }
        Matcher enhanced = ENHANCED_STATUS.matcher(reply == null ? "" : reply);
        if (enhanced.find() && enhanced.group(1).equals("5")) {
            if (enhanced.group(2).equals("7")) {
                return false;
            }
            if (enhanced.group(2).equals("1")) {
                return true;
            }
        }
        return returnCode == 550 || returnCode == 551 || returnCode == 553 || returnCode == 501;
    }

    /** {@code 550 5.1.1}, or just {@code 550} when the server gives no enhanced code. */
    private static String code(int returnCode, String reply) {
        Matcher enhanced = ENHANCED_STATUS.matcher(reply == null ? "" : reply);
        return enhanced.find()
                ? returnCode + " " + enhanced.group(1) + "." + enhanced.group(2) + "." + enhanced.group(3)
                : String.valueOf(returnCode);
    }

    private static String reply(String reply) {
        return reply == null ? "" : reply.strip();
    }

    private static String deepest(List<Throwable> causes) {
        Throwable last = causes.get(causes.size() - 1);
        return last.getClass().getSimpleName() + ": " + last.getMessage();
    }

    /**
     * Every exception behind the failure: causes, Jakarta Mail's chained next exceptions, and the per-message
     * exceptions {@link MailSendException} keeps apart from its cause.
     */
    private static List<Throwable> causes(MailException failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Throwable> all = new ArrayList<>();
        Deque<Throwable> pending = new ArrayDeque<>();
        pending.add(failure);
        if (failure instanceof MailSendException send) {
            pending.addAll(send.getFailedMessages().values());
        }
        while (!pending.isEmpty()) {
            Throwable next = pending.poll();
            if (next == null || !seen.add(next)) {
                continue;
            }
            all.add(next);
            if (next.getCause() != null) {
                pending.add(next.getCause());
            }
            if (next instanceof MessagingException messaging && messaging.getNextException() != null) {
                pending.add(messaging.getNextException());
            }
        }
        return all;
    }
}
