package com.loanflow.notice.channel.sms;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The SMS channel ({@code loanflow.notice.sms.*}): which gateway sends first, which takes over, and when the primary
 * counts as down. Gateways are named as they name themselves ({@code aliyun-sms}, {@code twilio}); an empty
 * {@code backup} turns failover off.
 */
@Validated
@ConfigurationProperties("loanflow.notice.sms")
public record SmsProperties(
        @DefaultValue("aliyun-sms") String primary,
        @DefaultValue("twilio") String backup,
        @Valid @NotNull @DefaultValue CircuitBreaker circuitBreaker) {

    /**
     * The primary gateway's circuit breaker ({@code loanflow.notice.sms.circuit-breaker.*}). Over the last
     * {@code slidingWindowSize} calls (once at least {@code minimumNumberOfCalls} were made), a failure rate of
     * {@code failureRateThreshold} percent opens it: for {@code waitDurationInOpenState} every message goes straight to
     * the backup, then {@code permittedCallsInHalfOpenState} trial messages go to the primary and close the breaker
     * again if they succeed. Calls slower than {@code slowCallDurationThreshold} are counted as slow; only a window of
     * nothing but slow calls opens the breaker on slowness alone.
     */
    public record CircuitBreaker(
            @DefaultValue("50") @DecimalMin("1") @DecimalMax("100") float failureRateThreshold,
            @DefaultValue("10") @Min(1) int slidingWindowSize,
            @DefaultValue("4") @Min(1) int minimumNumberOfCalls,
            @DefaultValue("30s") @NotNull Duration waitDurationInOpenState,
            @DefaultValue("2") @Min(1) int permittedCallsInHalfOpenState,
            @DefaultValue("4s") @NotNull Duration slowCallDurationThreshold) {
    }
}
