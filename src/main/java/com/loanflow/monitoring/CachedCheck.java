package com.loanflow.monitoring;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * A health check that talks to the provider, run at most once per interval: probes in between, and probes that
 * arrive while a check is under way, get the last result. A load balancer probing every second therefore costs
 * the provider one connection a minute, and a slow provider never piles up waiting probe threads.
 */
final class CachedCheck implements HealthIndicator {

    private final Supplier<Health> check;
    private final Duration interval;
    private final Clock clock;
    private final ReentrantLock running = new ReentrantLock();
    private volatile Checked last;

    CachedCheck(Supplier<Health> check, Duration interval, Clock clock) {
        this.check = check;
        this.interval = interval;
        this.clock = clock;
    }

    @Override
    public Health health() {
        Checked previous = last;
        if (previous != null && previous.at().plus(interval).isAfter(clock.instant())) {
            return previous.health();
        }
        if (!running.tryLock()) {
            return previous != null ? previous.health() : Health.unknown().withDetail("check", "running").build();
        }
        try {
            Instant at = clock.instant();
            Health result;
            try {
                result = check.get();
            } catch (RuntimeException e) {
                // A probe must get an answer: an exception escaping a health indicator fails the whole endpoint.
                result = Health.status(ProviderHealth.UNAVAILABLE).withException(e).build();
            }
            Health health = Health.status(result.getStatus()).withDetails(result.getDetails())
                    .withDetail("checkedAt", at.toString()).build();
            last = new Checked(health, at);
            return health;
        } finally {
            running.unlock();
        }
    }

    private record Checked(Health health, Instant at) {
    }
}
