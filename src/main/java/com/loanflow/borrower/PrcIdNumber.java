package com.loanflow.borrower;

import static java.lang.annotation.ElementType.ANNOTATION_TYPE;
import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;

/**
 * The annotated character sequence must be an 18-character PRC resident identity number as checked by
 * {@link PrcIdNumbers#isValid(String, java.time.LocalDate)}, with "today" taken from the validator's
 * {@link jakarta.validation.ClockProvider}.
 *
 * <p>{@code null} is valid; combine with {@code @NotNull} or {@code @NotBlank} where the number is required.
 */
@Documented
@Constraint(validatedBy = PrcIdNumberValidator.class)
@Target({FIELD, METHOD, PARAMETER, ANNOTATION_TYPE, TYPE_USE})
@Retention(RUNTIME)
public @interface PrcIdNumber {

    String message() default "must be an 18-character PRC resident identity number with a valid check character";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
