package com.loanflow.borrower;

import java.time.LocalDate;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

/**
 * Validates {@link PrcIdNumber}.
 */
public class PrcIdNumberValidator implements ConstraintValidator<PrcIdNumber, CharSequence> {

    @Override
    public boolean isValid(CharSequence value, ConstraintValidatorContext context) {
        if (value == null) {
            return true;
        }
        // The validator factory's clock, not the system clock, so tests and a configured Clock decide "today".
        LocalDate today = LocalDate.now(context.getClockProvider().getClock());
        return PrcIdNumbers.isValid(value.toString(), today);
    }
}
