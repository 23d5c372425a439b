package com.loanflow.sandbox;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The sandbox providers that stand in for the credit bureau, the payment gateway and the notification channels
 * when no real provider is configured (the default), so the whole lifecycle runs on one machine.
 */
@Validated
@ConfigurationProperties("loanflow.sandbox")
public record SandboxSettings(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("2") @Min(0) int bureauFailuresBeforeSuccess,
        @DefaultValue("0") @Min(0) int gatewayFailuresBeforeSuccess) {
}
