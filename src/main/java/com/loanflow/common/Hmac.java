package com.loanflow.common;

import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Keyed hashes for the signatures LoanFlow checks (providers' webhooks) and makes (providers' APIs, borrower links). */
public final class Hmac {

    private Hmac() {
    }

    public static byte[] sha256(byte[] key, byte[] data) {
        return mac("HmacSHA256", key, data);
    }

    public static byte[] sha1(byte[] key, byte[] data) {
        return mac("HmacSHA1", key, data);
    }

    private static byte[] mac(String algorithm, byte[] key, byte[] data) {
        try {
            // A Mac is not thread-safe, and creating one is cheap next to the HTTP request it signs or checks.
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key, algorithm));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is part of every JDK", e);
        }
    }
}
