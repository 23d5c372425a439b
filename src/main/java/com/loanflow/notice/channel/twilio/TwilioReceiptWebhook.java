package com.loanflow.notice.channel.twilio;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.loanflow.common.Hmac;
import com.loanflow.notice.channel.ProviderReceipt;
import com.loanflow.notice.channel.ReceiptOutcome;
import com.loanflow.notice.channel.ReceiptWebhook;
import com.loanflow.notice.channel.WebhookRequest;
import java.net.URI;
import java.net.URLDecoder;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Twilio's message status callbacks ({@code StatusCallback}), a form POST signed in {@code X-Twilio-Signature}:
 * Base64 of HMAC-SHA1, keyed with the auth token, over the URL Twilio called followed by every POST parameter sorted
 * by name, each name followed by its value. Like Twilio's own validators, the URL is also tried with the default port
 * added or removed, as Twilio may sign either.
 *
 * <p>Outcomes: {@code delivered} is delivered. {@code undelivered} and {@code failed} are permanent for error codes
 * that say the number cannot receive our SMS (30004 blocked, 30005 unknown destination, 30006 landline or unreachable
 * carrier, and the send-time codes 21211, 21610, 21612, 21614), temporary otherwise (30003 handset unreachable, 30007
 * carrier filtering, 30008 unknown error, ...). Intermediate statuses ({@code queued}, {@code sending}, {@code sent},
 * {@code accepted}, {@code scheduled}, and any Twilio adds later) are not outcomes and yield no receipt. The attempt
 * id is the {@code attemptId} query parameter of the signed callback URL; the receipt's event id is
 * {@code MessageSid:MessageStatus}, as Twilio posts each status once (and again only when retrying).
 */
@Component
@ConditionalOnProperty(name = "loanflow.notice.twilio.enabled", havingValue = "true")
class TwilioReceiptWebhook implements ReceiptWebhook {

    static final String SIGNATURE_HEADER = "X-Twilio-Signature";

    private static final Set<String> PERMANENT_ERRORS = Set.of("30004", "30005", "30006", "21211", "21610",
            "21612", "21614");

    private final byte[] authToken;
    private final Clock clock;

    TwilioReceiptWebhook(TwilioProperties properties, Clock clock) {
        this.authToken = properties.authToken() == null ? new byte[0] : properties.authToken().getBytes(UTF_8);
        this.clock = clock;
    }

    @Override
    public String provider() {
        return TwilioSmsGateway.NAME;
    }

    @Override
    public boolean authentic(WebhookRequest request) {
        String signature = request.header(SIGNATURE_HEADER);
        if (signature == null || signature.isBlank() || authToken.length == 0 || request.url() == null) {
            return false;
        }
        Map<String, List<String>> form;
        try {
            form = formParameters(request);
        } catch (IllegalArgumentException malformed) {
            return false;
        }
        byte[] given = signature.trim().getBytes(UTF_8);
        boolean valid = false;
        for (String url : urlVariants(request.url())) {
            // No early exit: every variant is checked, each in constant time.
            valid |= MessageDigest.isEqual(sign(url, form).getBytes(UTF_8), given);
        }
        return valid;
    }

    @Override
    public List<ProviderReceipt> receipts(WebhookRequest request) {
        Map<String, List<String>> form = formParameters(request);
        String messageSid = first(form, "MessageSid");
        String status = first(form, "MessageStatus");
        if (messageSid == null || messageSid.isBlank() || status == null || status.isBlank()) {
            throw new IllegalArgumentException("A Twilio status callback needs MessageSid and MessageStatus");
        }
        String errorCode = first(form, "ErrorCode");
        ReceiptOutcome outcome = switch (status) {
            case "delivered" -> ReceiptOutcome.DELIVERED;
            case "undelivered", "failed" -> errorCode != null && PERMANENT_ERRORS.contains(errorCode)
                    ? ReceiptOutcome.PERMANENT_FAILURE : ReceiptOutcome.TEMPORARY_FAILURE;
            default -> null;
        };
        if (outcome == null) {
            return List.of();
        }
        String attemptId = first(query(request.url()), "attemptId");
        String detail = errorCode == null || errorCode.isBlank() ? status : status + " (error " + errorCode + ")";
        return List.of(new ProviderReceipt(provider(), messageSid, attemptId, outcome, detail, clock.instant(),
                messageSid + ":" + status));
    }

    /** Twilio's signature: Base64(HMAC-SHA1(auth token, url + each POST parameter name and value, sorted by name)). */
    String sign(String url, Map<String, List<String>> form) {
        StringBuilder data = new StringBuilder(url);
        new TreeMap<>(form).forEach((name, values) -> values.stream().sorted()
                .forEach(value -> data.append(name).append(value)));
        return Base64.getEncoder().encodeToString(Hmac.sha1(authToken, data.toString().getBytes(UTF_8)));
    }

    /**
     * The POST parameters Twilio signed: those in the body. {@link WebhookRequest#parameters()} mixes in the query
     * parameters, which Twilio signs as part of the URL instead; it is used only when the body was already consumed
     * (a servlet container reading the form for {@code getParameterMap()}), minus the URL's own query values.
     */
    static Map<String, List<String>> formParameters(WebhookRequest request) {
        if (request.body() != null && request.body().length > 0) {
            return decode(new String(request.body(), UTF_8));
        }
        Map<String, List<String>> form = new LinkedHashMap<>();
        Map<String, List<String>> query = query(request.url());
        request.parameters().forEach((name, values) -> {
            List<String> remaining = new ArrayList<>(values);
            query.getOrDefault(name, List.of()).forEach(remaining::remove);
            if (!remaining.isEmpty()) {
                form.put(name, remaining);
            }
        });
        return form;
    }

    static Map<String, List<String>> query(String url) {
        if (url == null) {
            return Map.of();
        }
        try {
            String rawQuery = URI.create(url).getRawQuery();
            return rawQuery == null ? Map.of() : decode(rawQuery);
        } catch (IllegalArgumentException malformedUrl) {
            return Map.of();
        }
    }

    /** {@code application/x-www-form-urlencoded}; throws IllegalArgumentException on a broken escape. */
    private static Map<String, List<String>> decode(String encoded) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), UTF_8);
            parameters.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        return parameters;
    }

    /** The URL as given, and with the scheme's default port added or removed. */
    static Set<String> urlVariants(String url) {
        Set<String> variants = new LinkedHashSet<>();
        variants.add(url);
        try {
            URI uri = URI.create(url);
            String authority = uri.getRawAuthority();
            if (uri.getScheme() == null || uri.getHost() == null || authority == null) {
                return variants;
            }
            int defaultPort = "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
            String host = uri.getRawUserInfo() == null ? uri.getHost() : uri.getRawUserInfo() + "@" + uri.getHost();
            String rest = url.substring(url.indexOf(authority) + authority.length());
            if (uri.getPort() == -1) {
                variants.add(uri.getScheme() + "://" + host + ":" + defaultPort + rest);
            } else if (uri.getPort() == defaultPort) {
                variants.add(uri.getScheme() + "://" + host + rest);
            }
        } catch (IllegalArgumentException malformedUrl) {
            // Only the URL as given can match.
        }
        return variants;
    }

    private static String first(Map<String, List<String>> parameters, String name) {
        List<String> values = parameters.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
