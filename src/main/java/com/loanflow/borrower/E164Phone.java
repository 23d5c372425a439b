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
 * The annotated character sequence must be a phone number in E.164 form: {@code +}, a country code not
 * starting with {@code 0}, and 7 to 15 digits in all, with no spaces or punctuation
 * ({@code ^\+[1-9]\d{6,14}$}).
 *
 * <p>{@code null} is valid; combine with {@code @NotNull} or {@code @NotBlank} where the number is required.
 */
@Documented
@Constraint(validatedBy = E164PhoneValidator.class)
@Target({FIELD, METHOD, PARAMETER, ANNOTATION_TYPE, TYPE_USE})
@Retention(RUNTIME)
public @interface E164Phone {

    String message() default "must be an E.164 phone number such as +8613800138000";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
