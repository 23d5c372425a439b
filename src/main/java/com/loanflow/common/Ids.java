package com.loanflow.common;

import java.security.SecureRandom;

/**
 * Short, readable, unguessable ids ({@code LN-7K3Q9X2M4TBW}) that staff can read out on the phone:
 * Crockford base32 without I, L, O, U, 60 random bits.
 */
public final class Ids {

    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    public static String newId(String prefix) {
        long bits = RANDOM.nextLong();
        char[] chars = new char[12];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = ALPHABET[(int) (bits & 31)];
            bits >>>= 5;
        }
        return prefix + "-" + new String(chars);
    }
}
