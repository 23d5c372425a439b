package com.loanflow.borrower;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;

/**
 * Valid PRC resident identity numbers for tests, and a builder for more.
 *
 * <p>Stubbed outside systems (credit bureau, income and ownership checks) pick their behaviour from the
 * three-digit sequence code, so a test chooses a scenario by choosing the borrower's number. The constants
 * were computed independently (Python) and are checked against {@link #valid} in {@code PrcIdNumbersTest}.
 */
public final class TestIdNumbers {

    /** Sequence code 001: the bureau reports a poor credit history. */
    public static final String POOR_CREDIT = "110101199003070011";

    /** Sequence code 002: declared income does not match the records. Its check character is {@code X}. */
    public static final String INCOME_MISMATCH = "11010119900307002X";

    /** Sequence code 003: vehicle ownership is in doubt. */
    public static final String OWNERSHIP_DOUBT = "110101199003070038";

    /** Sequence code 004: the bureau fails intermittently. */
    public static final String BUREAU_FLAKY = "110101199003070046";

    /** Sequence code 123: nothing wrong. Born 1990-03-07, region 110101 (Beijing, Dongcheng). */
    public static final String GOOD = "110101199003071233";

    /** Sequence code 234: nothing wrong. Born 1985-11-23, region 310104 (Shanghai, Xuhui). */
    public static final String GOOD_2 = "310104198511232349";

    /** Sequence code 345: nothing wrong. Born 1992-07-15, region 440305 (Shenzhen, Nanshan). */
    public static final String GOOD_3 = "440305199207153452";

    private static final String DEFAULT_REGION = "110101";
    private static final LocalDate DEFAULT_BIRTH_DATE = LocalDate.of(1990, 3, 7);
    private static final DateTimeFormatter BIRTH_DATE = DateTimeFormatter.BASIC_ISO_DATE;

    private TestIdNumbers() {
    }

    /**
     * A valid number for region 110101, born 1990-03-07, with the given sequence code.
     *
     * @param sequenceCode three digits
     * @return an 18-character number with the correct check character
     */
    public static String withSequence(String sequenceCode) {
        return valid(DEFAULT_REGION, DEFAULT_BIRTH_DATE, sequenceCode);
    }

    /**
     * A number with the correct check character for the given parts. The birth date is not checked against
     * today, so tests can build numbers of people "born tomorrow".
     *
     * @param sixDigitRegion region code, six digits
     * @param birthDate      birth date, years 1000 to 9999
     * @param sequenceCode   three digits
     * @return an 18-character number with the correct check character
     */
    public static String valid(String sixDigitRegion, LocalDate birthDate, String sequenceCode) {
        requireDigits(sixDigitRegion, 6, "sixDigitRegion");
        requireDigits(sequenceCode, 3, "sequenceCode");
        String first17 = sixDigitRegion + BIRTH_DATE.format(birthDate) + sequenceCode;
        requireDigits(first17, 17, "birthDate");
        return first17 + checkCharacter(first17);
    }

    // ISO 7064 MOD 11-2 written out from the standard rather than calling PrcIdNumbers, so a bug there
    // cannot hide behind the same bug here: weight of position i is 2^(17 − i) mod 11, and the check value
    // is (12 − sum mod 11) mod 11, with 10 written as X.
    private static char checkCharacter(String first17) {
        int sum = 0;
        int weight = 1;
        for (int i = 16; i >= 0; i--) {
            weight = weight * 2 % 11;
            sum += (first17.charAt(i) - '0') * weight;
        }
        int check = (12 - sum % 11) % 11;
        return check == 10 ? 'X' : (char) ('0' + check);
    }

    private static void requireDigits(String value, int length, String name) {
        if (value == null || !value.matches("[0-9]{" + length + "}")) {
            throw new IllegalArgumentException(name + " must give exactly " + length + " digits, was " + value);
        }
    }
}
