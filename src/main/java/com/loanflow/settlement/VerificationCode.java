package com.loanflow.settlement;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The short code printed on a settlement certificate so that staff (or a vehicle management office on the phone)
 * can check a paper copy: it binds the certificate number to the ledger's final hash, so a certificate whose
 * number or hash was altered no longer matches its code. Sixteen hex characters, in groups of four, are short
 * enough to read out and still leave 64 bits to guess.
 */
final class VerificationCode {

    private static final int LENGTH = 16;
    private static final int GROUP = 4;

    private VerificationCode() {
    }

    /** {@code 3F2A-9C01-77BE-0D4E}: the first 16 hex characters, upper-case, of SHA-256 over {@code number|hash}. */
    static String of(String certificateNumber, String ledgerFinalHash) {
        String hex = HexFormat.of().withUpperCase()
                .formatHex(sha256(certificateNumber + "|" + ledgerFinalHash))
                .substring(0, LENGTH);
        StringBuilder code = new StringBuilder(LENGTH + LENGTH / GROUP);
        for (int i = 0; i < LENGTH; i += GROUP) {
            if (i > 0) {
                code.append('-');
            }
            code.append(hex, i, i + GROUP);
        }
        return code.toString();
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
