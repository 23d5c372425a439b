package com.loanflow.monitoring;

import com.loanflow.notice.channel.ProviderActivity;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

/**
 * How a channel provider's health reads. A provider that does not work is {@link #UNAVAILABLE}, not {@code DOWN}:
 * the {@code providers} health group ranks it like DOWN and answers 503, while {@code /actuator/health}, whose
 * aggregation does not know the status, ignores it. One channel failing must not take the node out of service when
 * the others (and the in-app message center, and staff escalation) still reach the borrower.
 */
final class ProviderHealth {

    static final Status UNAVAILABLE = new Status("UNAVAILABLE", "The provider does not take messages");

    private ProviderHealth() {
    }

    /** From the provider's answers alone: unknown until it answered once. */
    static Health fromActivity(ProviderActivity.Snapshot activity) {
        Health.Builder health = activity.unavailable() ? Health.status(UNAVAILABLE)
                : activity.silent() ? Health.unknown() : Health.up();
        return withActivity(health, activity).build();
    }

    /** A check's result, overruled by the provider's recent answers when those keep failing. */
    static Health combine(Health checked, ProviderActivity.Snapshot activity) {
        Health.Builder health = Health.status(activity.unavailable() ? UNAVAILABLE : checked.getStatus())
                .withDetails(checked.getDetails());
        return withActivity(health, activity).build();
    }

    private static Health.Builder withActivity(Health.Builder health, ProviderActivity.Snapshot activity) {
        if (activity.silent()) {
            return health.withDetail("sends", "none since this node started");
        }
        if (activity.lastSuccessAt() != null) {
            health.withDetail("lastSuccessAt", activity.lastSuccessAt().toString());
        }
        if (activity.lastFailureAt() != null) {
            health.withDetail("lastFailureAt", activity.lastFailureAt().toString())
                    .withDetail("lastFailure", String.valueOf(activity.lastFailure()))
                    .withDetail("failuresInARow", activity.failuresInARow());
        }
        return health;
    }
}
