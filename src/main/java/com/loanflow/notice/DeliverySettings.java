package com.loanflow.notice;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How hard delivery tries before it hands a notice to a person ({@code loanflow.notice.delivery.*}). Which channels,
 * in which order, how long to wait for each receipt and for the read acknowledgement, and which group handles an
 * escalation are decided per event by {@code dmn/notification-channel-plan.dmn}.
 */
@Validated
@ConfigurationProperties("loanflow.notice.delivery")
public record DeliverySettings(
        @DefaultValue("3") @Min(1) int triesPerChannel,
        @DefaultValue({"PT1M", "PT5M"}) @NotEmpty List<Duration> retryBackoff,
        @DefaultValue("22:00") @NotNull LocalTime quietHoursStart,
        @DefaultValue("08:00") @NotNull LocalTime quietHoursEnd,
        @DefaultValue("P1D") @NotNull Duration unreachableRetryAfter) {

    /** The wait before try {@code nextTry} (2, 3, …) on the same channel; the last value repeats. */
    public Duration backoffBefore(int nextTry) {
        return retryBackoff.get(Math.min(Math.max(nextTry - 2, 0), retryBackoff.size() - 1));
    }
}
