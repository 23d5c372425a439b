package com.loanflow.loan;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.OffsetDateTime;

/** {@code POST /api/loans/{loanId}/repayments}: one payment from the repayment system, keyed by its transaction id. */
public record RepaymentCommand(
        @NotBlank @Size(max = 64) @Pattern(regexp = "[A-Za-z0-9._:-]+", message = "may contain letters, digits and . _ : - only")
        String transactionId,
        @NotNull @DecimalMin(value = "0.01", message = "must be at least 0.01") @Digits(integer = 13, fraction = 2)
        BigDecimal amount,
        @NotNull OffsetDateTime paidAt,
        @NotBlank @Size(max = 30) String channel) {
}
