package com.loanflow.process;

import java.time.Duration;
import java.time.LocalTime;
import java.time.Period;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code timers} bean of the process tests: the real {@link ProcessTimers} on the engine clock, with durations
 * that differ from one another so a test notices when a model reads the wrong one.
 */
public final class ProcessTestTimers {

    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    public static final ProcessSettings SETTINGS = new ProcessSettings(
            new ProcessSettings.CreditCheck("PT1M,PT5M,PT10M", Duration.ofMinutes(2)),
            new ProcessSettings.ManualReview(Duration.ofHours(8), Duration.ofHours(24), Duration.ofHours(4)),
            new ProcessSettings.Disbursement("PT30S,PT2M", Duration.ofMinutes(1)),
            new ProcessSettings.Repayment(Period.ofDays(3), LocalTime.of(9, 0), Period.ofDays(3), Period.ofDays(30),
                    Duration.ofDays(1)),
            new ProcessSettings.Settlement(Duration.ofDays(2), Duration.ofDays(5), Duration.ofDays(3),
                    Duration.ofHours(24), Duration.ofHours(4), Duration.ofHours(8), Duration.ofHours(6)),
            new ProcessSettings.Notice("PT10S,PT1M"));

    private ProcessTestTimers() {
    }

    public static ProcessTimers timers() {
        return new ProcessTimers(SETTINGS, new EngineClock(ZONE));
    }

    /** The waits of a retry cycle such as {@code PT10S,PT1M}: the engine tries once more than there are waits. */
    public static List<Duration> retryIntervals(String retryCycle) {
        return Arrays.stream(retryCycle.split(",")).map(String::trim).map(Duration::parse).toList();
    }
}
