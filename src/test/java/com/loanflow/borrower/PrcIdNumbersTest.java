package com.loanflow.borrower;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Valid numbers and their check characters were computed with Python, independently of this code:
 * for {@code 11010119900307123} the weighted sum is 1·7 + 1·9 + 0·10 + 1·5 + 0·8 + 1·4 + 1·2 + 9·1 + 9·6
 * + 0·3 + 0·7 + 3·9 + 0·10 + 7·5 + 1·8 + 2·4 + 3·2 = 174, 174 mod 11 = 9, "10X98765432".charAt(9) = '3'.
 */
class PrcIdNumbersTest {

    private static final LocalDate TODAY = LocalDate.of(2025, 6, 1);

    @Test
    void givenTestFixtures_whenValidating_thenAllAreValidAndDistinct() {
        List<String> fixtures = List.of(TestIdNumbers.POOR_CREDIT, TestIdNumbers.INCOME_MISMATCH,
                TestIdNumbers.OWNERSHIP_DOUBT, TestIdNumbers.BUREAU_FLAKY, TestIdNumbers.GOOD, TestIdNumbers.GOOD_2,
                TestIdNumbers.GOOD_3);

        assertThat(fixtures).allSatisfy(id -> {
            assertThat(PrcIdNumbers.isValid(id, TODAY)).as(id).isTrue();
            assertThat(PrcIdNumbers.isValid(id)).as(id).isTrue();
        });
        assertThat(fixtures).doesNotHaveDuplicates();
    }

    @Test
    void givenTestFixtures_whenReadingSequenceCodes_thenTheySelectTheirScenarios() {
        assertThat(PrcIdNumbers.sequenceCode(TestIdNumbers.POOR_CREDIT)).isEqualTo("001");
        assertThat(PrcIdNumbers.sequenceCode(TestIdNumbers.INCOME_MISMATCH)).isEqualTo("002");
        assertThat(PrcIdNumbers.sequenceCode(TestIdNumbers.OWNERSHIP_DOUBT)).isEqualTo("003");
        assertThat(PrcIdNumbers.sequenceCode(TestIdNumbers.BUREAU_FLAKY)).isEqualTo("004");
        assertThat(PrcIdNumbers.sequenceCode(TestIdNumbers.GOOD)).isEqualTo("123");
        assertThat(PrcIdNumbers.sequenceCode(TestIdNumbers.GOOD_2)).isEqualTo("234");
        assertThat(PrcIdNumbers.sequenceCode(TestIdNumbers.GOOD_3)).isEqualTo("345");
    }

    @Test
    void givenTestFixtureBuilder_whenBuildingKnownNumbers_thenItReproducesTheHandComputedConstants() {
        assertThat(TestIdNumbers.withSequence("001")).isEqualTo(TestIdNumbers.POOR_CREDIT);
        assertThat(TestIdNumbers.withSequence("002")).isEqualTo(TestIdNumbers.INCOME_MISMATCH);
        assertThat(TestIdNumbers.withSequence("003")).isEqualTo(TestIdNumbers.OWNERSHIP_DOUBT);
        assertThat(TestIdNumbers.withSequence("004")).isEqualTo(TestIdNumbers.BUREAU_FLAKY);
        assertThat(TestIdNumbers.withSequence("123")).isEqualTo(TestIdNumbers.GOOD);
        assertThat(TestIdNumbers.valid("310104", LocalDate.of(1985, 11, 23), "234")).isEqualTo(TestIdNumbers.GOOD_2);
        assertThat(TestIdNumbers.valid("440305", LocalDate.of(1992, 7, 15), "345")).isEqualTo(TestIdNumbers.GOOD_3);
    }

    @Test
    void givenFirst17Digits_whenComputingCheckCharacter_thenMatchesTheStandard() {
        assertThat(PrcIdNumbers.checkCharacter("11010119900307123")).isEqualTo('3');
        assertThat(PrcIdNumbers.checkCharacter("11010119900307002")).isEqualTo('X');
        assertThat(PrcIdNumbers.checkCharacter("11010119900307001")).isEqualTo('1');
        assertThatThrownBy(() -> PrcIdNumbers.checkCharacter("1101011990030712"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void givenEveryWrongCheckCharacter_whenValidating_thenInvalid() {
        String first17 = TestIdNumbers.GOOD.substring(0, 17);

        for (char check : "0124567889X".toCharArray()) {
            assertThat(PrcIdNumbers.isValid(first17 + check, TODAY)).as("check %s", check).isFalse();
        }
    }

    @Test
    void givenUppercaseXCheck_whenValidating_thenValid() {
        assertThat(PrcIdNumbers.isValid("11010119900307002X", TODAY)).isTrue();
    }

    @Test
    void givenLowercaseXCheck_whenValidating_thenInvalid() {
        assertThat(PrcIdNumbers.isValid("11010119900307002x", TODAY)).isFalse();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
        "11010119900307123",      // 17 characters
        "1101011990030712333",    // 19 characters
        " 110101199003071233",    // leading space, 19 characters
        "110101 99003071233"      // space in place of a digit
    })
    void givenWrongLengthOrBlank_whenValidating_thenInvalid(String idNumber) {
        assertThat(PrcIdNumbers.isValid(idNumber, TODAY)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "11010119900307A233",     // letter among the first 17
        "X10101199003071233",     // X anywhere but last
        "11010119900307123Y",     // check character that is neither digit nor X
        "11010119900307１233",    // full-width digit one (U+FF11), which Character.isDigit accepts
        "-10101199003071233"
    })
    void givenNonDigits_whenValidating_thenInvalid(String idNumber) {
        assertThat(PrcIdNumbers.isValid(idNumber, TODAY)).isFalse();
    }

    @Test
    void givenFebruary30WithCorrectCheckCharacter_whenValidating_thenInvalid() {
        // check character of 11010119900230123 is '6', so only the date is wrong
        assertThat(PrcIdNumbers.isValid("110101199002301236", TODAY)).isFalse();
    }

    @Test
    void givenFebruary29_whenValidating_thenValidOnlyInLeapYears() {
        assertThat(PrcIdNumbers.isValid("110101202402291238", TODAY)).isTrue();
        assertThat(PrcIdNumbers.isValid("110101200002290456", TODAY)).isTrue();
        assertThat(PrcIdNumbers.isValid("110101202302291230", TODAY)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "110101199013011234",     // month 13
        "110101199001001231",     // day 0
        "110101199004311235"      // April 31
    })
    void givenImpossibleDateWithCorrectCheckCharacter_whenValidating_thenInvalid(String idNumber) {
        assertThat(PrcIdNumbers.isValid(idNumber, TODAY)).isFalse();
    }

    @Test
    void givenBirthDateAfterToday_whenValidating_thenInvalid() {
        String bornTomorrow = TestIdNumbers.valid("110101", TODAY.plusDays(1), "123");
        String bornToday = TestIdNumbers.valid("110101", TODAY, "123");

        assertThat(PrcIdNumbers.isValid(bornTomorrow, TODAY)).isFalse();
        assertThat(PrcIdNumbers.isValid(bornToday, TODAY)).isTrue();
        assertThat(PrcIdNumbers.isValid("110101209912311237", TODAY)).isFalse();
        assertThat(PrcIdNumbers.isValid("110101209912311237")).isFalse();
    }

    @Test
    void givenBirthDateBefore1900_whenValidating_thenInvalid() {
        assertThat(PrcIdNumbers.isValid("110101189912311231", TODAY)).isFalse();
        assertThat(PrcIdNumbers.isValid("110101190001010014", TODAY)).isTrue();
    }

    @Test
    void givenRegionCodeStartingWithZero_whenValidating_thenInvalid() {
        // 01010119900307123 has check character X, so only the region is wrong
        assertThat(PrcIdNumbers.isValid("01010119900307123X", TODAY)).isFalse();
    }

    @Test
    void givenInvalidNumber_whenReadingSequenceCode_thenIllegalArgumentException() {
        assertThatThrownBy(() -> PrcIdNumbers.sequenceCode("110101199003071234"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("110101");
        assertThatThrownBy(() -> PrcIdNumbers.sequenceCode(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void givenValidNumber_whenMasking_thenFirstThreeAndLastFourRemain() {
        assertThat(PrcIdNumbers.mask(TestIdNumbers.GOOD)).isEqualTo("110***********1233").hasSize(18);
        assertThat(PrcIdNumbers.mask(TestIdNumbers.INCOME_MISMATCH)).isEqualTo("110***********002X");
    }

    @Test
    void givenNullOrMalformedNumber_whenMasking_thenNothingIsRevealed() {
        assertThat(PrcIdNumbers.mask(null)).isNull();
        assertThat(PrcIdNumbers.mask("13800138000")).isEqualTo("***********");
        assertThat(PrcIdNumbers.mask("")).isEmpty();
    }
}
