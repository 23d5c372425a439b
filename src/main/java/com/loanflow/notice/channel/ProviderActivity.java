package com.loanflow.notice.channel;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What a provider's recent answers say about it: when it last took a message, when it last failed and why, and how
 * many failures came in a row. Health checks read this instead of calling a paid API on every probe.
 *
 * <p>Only the provider's own failures count (5xx, timeouts, refused credentials). A permanent failure of one
 * address (invalid number, hard bounce) is an answer from a working provider and counts as a success. Times are
 * the wall clock, not the engine clock: they say when the provider last answered, whatever time the business runs at.
 */
public final class ProviderActivity {

    /** This many failures in a row, with no success since, and the provider counts as unavailable. */
    public static final int FAILURES_BEFORE_UNAVAILABLE = 3;

    private final Clock clock;
    private final AtomicReference<Snapshot> state = new AtomicReference<>(new Snapshot(null, null, null, 0));

    public ProviderActivity() {
        this(Clock.systemUTC());
    }

    public ProviderActivity(Clock clock) {
        this.clock = clock;
    }

    public void succeeded() {
        Instant now = clock.instant();
        state.updateAndGet(s -> new Snapshot(now, s.lastFailureAt(), s.lastFailure(), 0));
    }

    public void failed(String reason) {
        Instant now = clock.instant();
        state.updateAndGet(s -> new Snapshot(s.lastSuccessAt(), now, reason, s.failuresInARow() + 1));
    }

    public Snapshot snapshot() {
        return state.get();
    }

    /** The provider's recent record; all fields null and zero before its first answer. */
    public record Snapshot(Instant lastSuccessAt, Instant lastFailureAt, String lastFailure, int failuresInARow) {

        public boolean unavailable() {
            return failuresInARow >= FAILURES_BEFORE_UNAVAILABLE;
        }

        public boolean silent() {
            return lastSuccessAt == null && lastFailureAt == null;
        }
    }
}
