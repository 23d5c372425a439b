package com.loanflow.application;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import java.math.BigDecimal;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Contract terms the lender sets for new loans ({@code loanflow.loan.*}). They are copied onto each loan when it is
 * applied for, so a later change never alters a signed contract.
 */
@Validated
@ConfigurationProperties("loanflow.loan")
public record LoanSettings(
        @NotNull @DecimalMin("0") @DecimalMax("0.1") BigDecimal earlyRepaymentFeeRate,
        @NotNull @DecimalMin("0") @DecimalMax("0.01") BigDecimal penaltyDailyRate) {
}
