package com.loanflow.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.loanflow.common.Hmac;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Issues and checks borrower tokens: {@code base64url(payload) "." base64url(HMAC-SHA256(key, base64url(payload)))},
 * the payload being {@code {"sub": borrowerId, "loanId": …, "iat": …, "exp": …}} with times in epoch seconds. A token
 * opens one loan of one borrower until it expires; there is no server-side state, so it cannot be revoked before
 * then, which is why it lives minutes, not days.
 */
@Component
public class BorrowerTokens {

    private static final Logger log = LoggerFactory.getLogger(BorrowerTokens.class);
    /** RFC 7518 §3.2: an HMAC-SHA256 key is at least as long as the hash. */
    static final int MIN_SECRET_BYTES = 32;
    /** Ours are about 200 characters; anything much longer is not worth decoding. */
    private static final int MAX_TOKEN_LENGTH = 1024;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    /** A token as handed to the borrower's app. */
    public record Issued(String token, Instant expiresAt) {
    }

    private final byte[] key;
    private final BorrowerTokenSettings settings;
    private final Clock clock;

    public BorrowerTokens(BorrowerTokenSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.key = keyBytes(settings);
    }

    private static byte[] keyBytes(BorrowerTokenSettings settings) {
        String secret = settings.secret();
        if (secret == null || secret.isBlank()) {
            if (settings.secretRequired()) {
                throw new IllegalStateException("Set LOANFLOW_BORROWER_TOKEN_SECRET (loanflow.borrower-token.secret) "
                        + "to a random value of at least " + MIN_SECRET_BYTES + " bytes, the same on every node, "
                        + "e.g. from `openssl rand -base64 48`");
            }
            log.warn("LOANFLOW_BORROWER_TOKEN_SECRET is not set: borrower links are signed with a key made up at this "
                    + "start; they stop working at a restart and on any other node");
            byte[] random = new byte[MIN_SECRET_BYTES];
            new SecureRandom().nextBytes(random);
            return random;
        }
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < MIN_SECRET_BYTES) {
            throw new IllegalStateException("LOANFLOW_BORROWER_TOKEN_SECRET (loanflow.borrower-token.secret) has "
                    + bytes.length + " bytes; an HMAC-SHA256 key needs at least " + MIN_SECRET_BYTES);
        }
        return bytes;
    }

    /** A token for this borrower and loan, valid for the configured lifetime from now. */
    public Issued issue(String borrowerId, String loanId) {
        return issue(borrowerId, loanId, clock.instant());
    }

    Issued issue(String borrowerId, String loanId, Instant issuedAt) {
        Instant expiresAt = issuedAt.plus(settings.lifetime());
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("sub", borrowerId);
        payload.put("loanId", loanId);
        payload.put("iat", issuedAt.getEpochSecond());
        payload.put("exp", expiresAt.getEpochSecond());
        String encodedPayload;
        try {
            encodedPayload = ENCODER.encodeToString(JSON.writeValueAsBytes(payload));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A map of strings and numbers is always JSON", e);
        }
        return new Issued(encodedPayload + "." + ENCODER.encodeToString(sign(encodedPayload)),
                Instant.ofEpochSecond(expiresAt.getEpochSecond()));
    }

    /** The borrower of a genuine, unexpired token; empty for anything else, without saying why. */
    Optional<BorrowerPrincipal> verify(String token) {
        if (token == null || token.length() > MAX_TOKEN_LENGTH) {
            return Optional.empty();
        }
        int dot = token.indexOf('.');
        if (dot <= 0 || dot != token.lastIndexOf('.')) {
            return Optional.empty();
        }
        String encodedPayload = token.substring(0, dot);
        try {
            // Constant time: how much of a forged signature matched must not show in the response time.
            if (!MessageDigest.isEqual(sign(encodedPayload), DECODER.decode(token.substring(dot + 1)))) {
                return Optional.empty();
            }
            JsonNode payload = JSON.readTree(DECODER.decode(encodedPayload));
            String borrowerId = payload.path("sub").textValue();
            String loanId = payload.path("loanId").textValue();
            JsonNode exp = payload.path("exp");
            if (borrowerId == null || loanId == null || !exp.canConvertToLong()) {
                return Optional.empty();
            }
            Instant expiresAt = Instant.ofEpochSecond(exp.longValue());
            if (!clock.instant().isBefore(expiresAt)) {
                return Optional.empty();
            }
            return Optional.of(new BorrowerPrincipal(borrowerId, loanId, expiresAt));
        } catch (IllegalArgumentException | IOException notOurs) {
            return Optional.empty();
        }
    }

    private byte[] sign(String encodedPayload) {
        return Hmac.sha256(key, encodedPayload.getBytes(StandardCharsets.US_ASCII));
    }
}
