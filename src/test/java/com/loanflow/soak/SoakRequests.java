package com.loanflow.soak;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.URLDecoder;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reading what LoanFlow sent the providers: form bodies, JSON, phone numbers, mail recipients. */
final class SoakRequests {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");

    private SoakRequests() {
    }

    /** {@code application/x-www-form-urlencoded}, first value of each name. */
    static Map<String, String> form(String encoded) {
        Map<String, String> form = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return form;
        }
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), UTF_8);
            form.putIfAbsent(name, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), UTF_8));
        }
        return form;
    }

    static JsonNode json(String body) {
        try {
            return body == null || body.isEmpty() ? JSON.nullNode() : JSON.readTree(body);
        } catch (IOException e) {
            return JSON.nullNode();
        }
    }

    /** One phone number whatever the gateway's format: Aliyun takes mainland numbers without +86. */
    static String e164(String number) {
        if (number == null) {
            return null;
        }
        String trimmed = number.trim();
        if (trimmed.startsWith("+")) {
            return trimmed;
        }
        return trimmed.length() == 11 && trimmed.startsWith("1") ? "+86" + trimmed : "+" + trimmed;
    }

    static String beijing(Instant at) {
        return DAY.format(at.atZone(BEIJING));
    }

    static String recipient(MimeMessage mail) {
        try {
            var to = mail.getRecipients(Message.RecipientType.TO);
            return to == null || to.length == 0 ? null : ((InternetAddress) to[0]).getAddress().toLowerCase();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
