package com.loanflow.sandbox;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The sandbox providers that stand in for the credit bureau, the payment gateway and the notification channels
 * when no real provider is configured (the default), so the whole lifecycle runs on one machine. Receipt delay and
 * failure rates let load and fault tests drive delivery.
 */
@Validated
@ConfigurationProperties("loanflow.sandbox")
public record SandboxSettings(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("2") @Min(0) int bureauFailuresBeforeSuccess,
        @DefaultValue("0") @Min(0) int gatewayFailuresBeforeSuccess,
        @DefaultValue("PT2S") @NotNull Duration receiptDelay,
        @DefaultValue("0") @DecimalMin("0") @DecimalMax("1") double temporaryFailureRate,
        @DefaultValue("0") @DecimalMin("0") @DecimalMax("1") double permanentFailureRate) {
}
