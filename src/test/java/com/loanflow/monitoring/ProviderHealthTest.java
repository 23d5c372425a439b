package com.loanflow.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.loanflow.notice.channel.ProviderActivity;
import com.loanflow.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

/**
 * A provider's health comes from its recent answers and from checks that run at most once per interval, so probes
 * never cost a provider call each.
 */
class ProviderHealthTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T08:00:00Z"));

    @Test
    void givenNoSendsYet_whenAsked_thenUnknown() {
        assertThat(ProviderHealth.fromActivity(new ProviderActivity(clock).snapshot()).getStatus())
                .isEqualTo(Status.UNKNOWN);
    }

    @Test
    void givenFailuresInARow_whenTheThirdComes_thenUnavailableUntilTheNextSuccess() {
        ProviderActivity activity = new ProviderActivity(clock);
        activity.succeeded();
        activity.failed("HTTP_503: JPush busy");
        activity.failed("HTTP_503: JPush busy");
        assertThat(ProviderHealth.fromActivity(activity.snapshot()).getStatus()).isEqualTo(Status.UP);

        activity.failed("TIMEOUT: JPush did not answer");
        Health health = ProviderHealth.fromActivity(activity.snapshot());
        assertThat(health.getStatus()).isEqualTo(ProviderHealth.UNAVAILABLE);
        assertThat(health.getDetails()).containsEntry("failuresInARow", 3)
                .containsEntry("lastFailure", "TIMEOUT: JPush did not answer")
                .containsEntry("lastSuccessAt", "2026-03-02T08:00:00Z");

        activity.succeeded();
        assertThat(ProviderHealth.fromActivity(activity.snapshot()).getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void givenACheckThatPassesButSendsThatKeepFailing_whenCombined_thenUnavailable() {
        ProviderActivity activity = new ProviderActivity(clock);
        for (int i = 0; i < ProviderActivity.FAILURES_BEFORE_UNAVAILABLE; i++) {
            activity.failed("535: authentication failed");
        }

        assertThat(ProviderHealth.combine(Health.up().build(), activity.snapshot()).getStatus())
                .isEqualTo(ProviderHealth.UNAVAILABLE);
    }

    @Test
    void givenACheckedProvider_whenProbedOftenWithinTheInterval_thenTheCheckRunsOnce() {
        AtomicInteger checks = new AtomicInteger();
        CachedCheck check = new CachedCheck(() -> {
            checks.incrementAndGet();
            return Health.up().build();
        }, Duration.ofMinutes(1), clock);

        for (int probe = 0; probe < 10; probe++) {
            assertThat(check.health().getStatus()).isEqualTo(Status.UP);
            clock.advance(Duration.ofSeconds(5));
        }
        assertThat(checks).hasValue(1);

        clock.advance(Duration.ofSeconds(15));
        assertThat(check.health().getDetails()).containsEntry("checkedAt", "2026-03-02T08:01:05Z");
        assertThat(checks).hasValue(2);
    }

    @Test
    void givenACheckThatThrows_whenProbed_thenUnavailableWithTheErrorInsteadOfAFailedEndpoint() {
        CachedCheck check = new CachedCheck(() -> {
            throw new IllegalStateException("connection refused");
        }, Duration.ofMinutes(1), clock);

        Health health = check.health();

        assertThat(health.getStatus()).isEqualTo(ProviderHealth.UNAVAILABLE);
        assertThat(health.getDetails().get("error").toString()).contains("connection refused");
    }
}
