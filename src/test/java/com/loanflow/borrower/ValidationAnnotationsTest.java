package com.loanflow.borrower;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ValidationAnnotationsTest {

    private static final String ID_MESSAGE =
            "must be an 18-character PRC resident identity number with a valid check character";
    private static final String PHONE_MESSAGE = "must be an E.164 phone number such as +8613800138000";

    record Borrower(@PrcIdNumber String idNumber, @E164Phone String phone) {
    }

    record Household(List<@E164Phone String> phones) {
    }

    private static ValidatorFactory factory;
    private static Validator validator;

    @BeforeAll
    static void createValidator() {
        factory = Validation.buildDefaultValidatorFactory();
        validator = factory.getValidator();
    }

    @AfterAll
    static void closeFactory() {
        factory.close();
    }

    @Test
    void givenValidIdAndPhone_whenValidating_thenNoViolations() {
        assertThat(validator.validate(new Borrower(TestIdNumbers.GOOD, "+8613800138000"))).isEmpty();
        assertThat(validator.validate(new Borrower(TestIdNumbers.INCOME_MISMATCH, "+12025550123"))).isEmpty();
    }

    @Test
    void givenNulls_whenValidating_thenNoViolationsBecauseRequirednessIsLeftToNotNull() {
        assertThat(validator.validate(new Borrower(null, null))).isEmpty();
    }

    @Test
    void givenWrongCheckCharacter_whenValidating_thenOneViolationOnIdNumberWithOurMessage() {
        Set<ConstraintViolation<Borrower>> violations =
                validator.validate(new Borrower("110101199003071234", "+8613800138000"));

        assertThat(violations).singleElement().satisfies(v -> {
            assertThat(v.getPropertyPath()).hasToString("idNumber");
            assertThat(v.getMessage()).isEqualTo(ID_MESSAGE);
        });
    }

    @Test
    void givenLowercaseX_whenValidating_thenViolation() {
        assertThat(validator.validate(new Borrower("11010119900307002x", null))).hasSize(1);
    }

    @Test
    void givenClockProviderBeforeBirthDate_whenValidating_thenIdIsRejectedAsFromTheFuture() {
        // GOOD was born 1990-03-07; the validator must take "today" from the factory's clock, not the system's.
        try (ValidatorFactory dayBefore = factoryAt("1990-03-06T12:00:00Z");
                ValidatorFactory birthday = factoryAt("1990-03-07T12:00:00Z")) {
            Borrower borrower = new Borrower(TestIdNumbers.GOOD, null);

            assertThat(dayBefore.getValidator().validate(borrower)).hasSize(1);
            assertThat(birthday.getValidator().validate(borrower)).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"+8613800138000", "+12025550123", "+4930123456", "+1234567", "+123456789012345"})
    void givenE164Number_whenValidating_thenNoViolations(String phone) {
        assertThat(validator.validate(new Borrower(null, phone))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",                       // blank is not a number; @NotBlank gives the clearer message where required
        "8613800138000",          // no plus
        "13800138000",            // national form
        "+86 138 0013 8000",      // spaces
        "+86-138-0013-8000",      // dashes
        "+0861380013800",         // country code cannot start with 0
        "+123456",                // 6 digits, too short
        "+1234567890123456",      // 16 digits, too long
        "+8613800138000\n",       // trailing line break
        "+86１３８00138000"        // full-width digits
    })
    void givenNonE164Number_whenValidating_thenOneViolationOnPhoneWithOurMessage(String phone) {
        Set<ConstraintViolation<Borrower>> violations = validator.validate(new Borrower(null, phone));

        assertThat(violations).singleElement().satisfies(v -> {
            assertThat(v.getPropertyPath()).hasToString("phone");
            assertThat(v.getMessage()).isEqualTo(PHONE_MESSAGE);
        });
    }

    @Test
    void givenConstraintOnListElements_whenValidating_thenEachBadElementIsReported() {
        Set<ConstraintViolation<Household>> violations =
                validator.validate(new Household(List.of("+8613800138000", "138", "+86 138")));

        assertThat(violations).hasSize(2)
                .allSatisfy(v -> assertThat(v.getMessage()).isEqualTo(PHONE_MESSAGE));
    }

    private static ValidatorFactory factoryAt(String instant) {
        Clock clock = Clock.fixed(Instant.parse(instant), ZoneId.of("Asia/Shanghai"));
        return Validation.byDefaultProvider().configure().clockProvider(() -> clock).buildValidatorFactory();
    }
}
