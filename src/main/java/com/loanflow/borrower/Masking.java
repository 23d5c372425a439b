package com.loanflow.borrower;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks borrowers' contact data for logs, screens and notices. All methods return {@code null} for
 * {@code null}. For identity numbers see {@link PrcIdNumbers#mask(String)}.
 */
public final class Masking {

    /** Digits always hidden in a phone number: as many as in the mainland mobile case {@code 138****8000}. */
    private static final int MIN_HIDDEN_DIGITS = 4;
    private static final int KEPT_LEADING_DIGITS = 3;
    private static final int KEPT_TRAILING_DIGITS = 4;

    // ITU-T E.164 country codes are prefix-free: 1 and 7 are the only one-digit codes, these are the two-digit
    // ones, and every other code has three digits. That is enough to split off the country code without a
    // phone-number library.
    private static final Set<String> TWO_DIGIT_COUNTRY_CODES = Set.of(
            "20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41", "43", "44", "45", "46", "47", "48",
            "49", "51", "52", "53", "54", "55", "56", "57", "58", "60", "61", "62", "63", "64", "65", "66", "81",
            "82", "84", "86", "90", "91", "92", "93", "94", "95", "98");

    private Masking() {
    }

    /**
     * Masks an E.164 phone number, keeping the country code, the first 3 digits of the national number and
     * the last 4: {@code +8613800138000} → {@code +86138****8000}. Where that would leave fewer than 4 digits
     * hidden, only the {@code +} and the last 4 digits stay ({@code +12025550123} → {@code +*******0123}).
     * Input that is not E.164 keeps just its last 4 characters, or is masked entirely if it is shorter than 9.
     *
     * @param phone the number to mask; may be {@code null}
     * @return the masked number, same length as the input
     */
    public static String maskPhone(String phone) {
        if (phone == null) {
            return null;
        }
        if (!E164PhoneValidator.E164.matcher(phone).matches()) {
            return keepLast(phone, KEPT_TRAILING_DIGITS);
        }
        String digits = phone.substring(1);
        int countryCodeLength = countryCodeLength(digits);
        int nationalLength = digits.length() - countryCodeLength;
        int hidden = nationalLength - KEPT_LEADING_DIGITS - KEPT_TRAILING_DIGITS;
        if (hidden < MIN_HIDDEN_DIGITS) {
            return "+" + "*".repeat(digits.length() - KEPT_TRAILING_DIGITS)
                    + digits.substring(digits.length() - KEPT_TRAILING_DIGITS);
        }
        int keptPrefix = countryCodeLength + KEPT_LEADING_DIGITS;
        return "+" + digits.substring(0, keptPrefix) + "*".repeat(hidden)
                + digits.substring(digits.length() - KEPT_TRAILING_DIGITS);
    }

    /**
     * Masks an e-mail address, keeping the first character of the local part and the whole domain:
     * {@code zhang.wei@example.com} → {@code z***@example.com}. The local part always becomes three stars so
     * its length is not revealed. Input without {@code @} becomes {@code ***}.
     *
     * @param email the address to mask; may be {@code null}
     * @return the masked address
     */
    public static String maskEmail(String email) {
        if (email == null) {
            return null;
        }
        int at = email.lastIndexOf('@');
        if (at < 0) {
            return "***";
        }
        // codePointAt, not charAt: a local part may start with a character outside the BMP.
        String first = at == 0 ? "" : new String(Character.toChars(email.codePointAt(0)));
        return first + "***" + email.substring(at);
    }

    /**
     * Masks an address on its channel: phone numbers and e-mail addresses as above, WeChat open ids and push tokens
     * down to their first and last 4 characters; in-app addresses are LoanFlow's own borrower ids and stay.
     *
     * @param channel the channel the address belongs to
     * @param address the address to mask; may be {@code null}
     * @return the masked address
     */
    public static String maskAddress(Channel channel, String address) {
        if (address == null) {
            return null;
        }
        return switch (channel) {
            case SMS -> maskPhone(address);
            case EMAIL -> maskEmail(address);
            case WECHAT, PUSH -> address.length() <= 8 ? "****"
                    : address.substring(0, 4) + "****" + address.substring(address.length() - 4);
            case IN_APP -> address;
        };
    }

    /**
     * Replaces every occurrence of an address in a text by its masked form, ignoring case: providers' error messages
     * and receipts quote the number or mailbox they were given ({@code 550 5.1.1 <zhang.wei@example.com>: …}).
     *
     * @param text    the text to clean; may be {@code null}
     * @param address the address that must not appear; nothing is replaced when {@code null} or blank
     * @param masked  what to write instead
     * @return the text without the address
     */
    public static String hideIn(String text, String address, String masked) {
        if (text == null || address == null || address.isBlank()) {
            return text;
        }
        return Pattern.compile(Pattern.quote(address), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE)
                .matcher(text).replaceAll(Matcher.quoteReplacement(masked));
    }

    private static int countryCodeLength(String digits) {
        char first = digits.charAt(0);
        if (first == '1' || first == '7') {
            return 1;
        }
        return TWO_DIGIT_COUNTRY_CODES.contains(digits.substring(0, 2)) ? 2 : 3;
    }

    private static String keepLast(String value, int kept) {
        // Below twice the kept length, the visible tail would be most of the value.
        if (value.length() < 2 * kept + 1) {
            return "*".repeat(value.length());
        }
        return "*".repeat(value.length() - kept) + value.substring(value.length() - kept);
    }
}
