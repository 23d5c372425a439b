package com.loanflow.borrower;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Objects;

/**
 * Checks and formats 18-character PRC resident identity numbers (居民身份证号码, GB 11643-1999).
 *
 * <p>Layout: six-digit region code, eight-digit birth date {@code yyyyMMdd}, three-digit sequence code (odd for
 * men, even for women), and a check character computed over the first 17 digits with ISO 7064 MOD 11-2 — a
 * digit, or {@code X} for the value ten.
 *
 * <p>Only an <em>uppercase</em> {@code X} is accepted as check character. Identity cards print it uppercase;
 * accepting {@code x} would let the same person appear under two spellings of one number, so callers that take
 * free-typed input should upper-case it before validating and storing it.
 *
 * <p>The older 15-digit numbers are not accepted: they carry no check character and were replaced in 2004.
 */
public final class PrcIdNumbers {

    /** Length of a GB 11643-1999 identity number. */
    public static final int LENGTH = 18;

    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final String CHECK_CHARACTERS = "10X98765432";
    // "uuuu" rather than "yyyy": STRICT resolving needs a proleptic year, and STRICT is what rejects Feb 30.
    private static final DateTimeFormatter BIRTH_DATE =
            DateTimeFormatter.ofPattern("uuuuMMdd").withResolverStyle(ResolverStyle.STRICT);
    private static final LocalDate EARLIEST_BIRTH_DATE = LocalDate.of(1900, 1, 1);

    private PrcIdNumbers() {
    }

    /**
     * Whether {@code idNumber} is a well-formed identity number whose birth date is not after today's date in
     * the system default time zone. Prefer {@link #isValid(String, LocalDate)} where a {@code Clock} is at hand.
     *
     * @param idNumber the number to check; {@code null} is not valid
     * @return {@code true} if the number is valid
     */
    public static boolean isValid(String idNumber) {
        return isValid(idNumber, LocalDate.now());
    }

    /**
     * Whether {@code idNumber} is a well-formed identity number: 18 characters, 17 ASCII digits followed by a
     * digit or uppercase {@code X}, a region code not starting with {@code 0}, a real birth date from 1900-01-01
     * up to and including {@code today}, and the correct check character.
     *
     * @param idNumber the number to check; {@code null} is not valid
     * @param today    the date birth dates must not be after
     * @return {@code true} if the number is valid
     */
    public static boolean isValid(String idNumber, LocalDate today) {
        Objects.requireNonNull(today, "today");
        if (idNumber == null || idNumber.length() != LENGTH) {
            return false;
        }
        for (int i = 0; i < LENGTH - 1; i++) {
            if (!isAsciiDigit(idNumber.charAt(i))) {
                return false;
            }
        }
        if (idNumber.charAt(0) == '0') {
            return false;
        }
        LocalDate birthDate = birthDateOrNull(idNumber);
        if (birthDate == null || birthDate.isBefore(EARLIEST_BIRTH_DATE) || birthDate.isAfter(today)) {
            return false;
        }
        return idNumber.charAt(LENGTH - 1) == checkCharacter(idNumber.substring(0, LENGTH - 1));
    }

    /**
     * The check character GB 11643-1999 assigns to the first 17 digits of an identity number.
     *
     * @param first17Digits the region code, birth date and sequence code
     * @return a digit or uppercase {@code X}
     * @throws IllegalArgumentException unless the argument is exactly 17 ASCII digits
     */
    public static char checkCharacter(String first17Digits) {
        if (first17Digits == null || first17Digits.length() != LENGTH - 1
                || !first17Digits.chars().allMatch(c -> isAsciiDigit((char) c))) {
            throw new IllegalArgumentException("expected 17 digits");
        }
        int sum = 0;
        for (int i = 0; i < WEIGHTS.length; i++) {
            sum += (first17Digits.charAt(i) - '0') * WEIGHTS[i];
        }
        return CHECK_CHARACTERS.charAt(sum % 11);
    }

    /**
     * The three-digit sequence code, characters 15 to 17 (1-based) of the number.
     *
     * @param idNumber a number for which {@link #isValid(String)} holds
     * @return the sequence code, e.g. {@code "123"}
     * @throws IllegalArgumentException if {@code idNumber} is not valid
     */
    public static String sequenceCode(String idNumber) {
        if (!isValid(idNumber)) {
            // Not echoing the argument: it is personal data and exception messages end up in logs.
            throw new IllegalArgumentException("not a valid PRC resident identity number");
        }
        return idNumber.substring(14, 17);
    }

    /**
     * Masks a number for logs and screens: the first 3 and last 4 characters stay, the 11 in between become
     * {@code *}, e.g. {@code 110***********1233}. Anything that is not 18 characters long is masked entirely,
     * since a mistyped value could be some other personal datum.
     *
     * @param idNumber the number to mask; may be {@code null}
     * @return the masked number, same length, or {@code null} for {@code null}
     */
    public static String mask(String idNumber) {
        if (idNumber == null) {
            return null;
        }
        if (idNumber.length() != LENGTH) {
            return "*".repeat(idNumber.length());
        }
        return idNumber.substring(0, 3) + "*".repeat(LENGTH - 7) + idNumber.substring(LENGTH - 4);
    }

    private static LocalDate birthDateOrNull(String idNumber) {
        try {
            return LocalDate.parse(idNumber.substring(6, 14), BIRTH_DATE);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    // Character.isDigit would also accept full-width and other Unicode digits, which no identity card carries.
    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
