package com.loanflow.borrower;

import java.util.regex.Pattern;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

/**
 * Validates {@link E164Phone}.
 */
public class E164PhoneValidator implements ConstraintValidator<E164Phone, CharSequence> {

    /** The E.164 form we store and send to SMS providers. */
    public static final Pattern E164 = Pattern.compile("^\\+[1-9]\\d{6,14}$");

    @Override
    public boolean isValid(CharSequence value, ConstraintValidatorContext context) {
        // matches(), not find(): "$" alone would also accept a trailing line break.
        return value == null || E164.matcher(value).matches();
    }
}
