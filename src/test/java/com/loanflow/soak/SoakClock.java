package com.loanflow.soak;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.camunda.bpm.engine.impl.util.ClockUtil;

/**
 * The soak's time: the engine clock (LoanFlow's application clock follows it), which keeps running with real time and
 * is moved forward between rounds, and the agenda of what the soak does at an engine time (a borrower reading a
 * notice tomorrow, a receipt after the confirmation timeout, a staff member finishing a task in three hours).
 */
final class SoakClock {

    /** Something to do at an engine time. */
    record Item(Instant at, long order, String what, Runnable action) {
    }

    private final PriorityQueue<Item> agenda = new PriorityQueue<>((a, b) -> a.at().equals(b.at())
            ? Long.compare(a.order(), b.order()) : a.at().compareTo(b.at()));
    private final AtomicLong order = new AtomicLong();

    Instant now() {
        return ClockUtil.now().toInstant();
    }

    /** The engine's time as a {@link Clock} in Beijing's offset, for the timestamps the soak sends. */
    Clock clockAt() {
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.ofHours(8);
            }

            @Override
            public Clock withZone(ZoneId zone) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Instant instant() {
                return now();
            }
        };
    }

    /** Sets the engine clock to {@code instant}; it runs on from there. */
    void set(Instant instant) {
        ClockUtil.offset(instant.toEpochMilli() - System.currentTimeMillis());
    }

    void advance(Duration by) {
        set(now().plus(by));
    }

    void reset() {
        ClockUtil.reset();
    }

    synchronized void at(Instant when, String what, Runnable action) {
        agenda.add(new Item(when, order.incrementAndGet(), what, action));
    }

    void after(Duration delay, String what, Runnable action) {
        at(now().plus(delay), what, action);
    }

    /** The items due by now, in agenda order, taken off the agenda. */
    synchronized List<Item> takeDue() {
        Instant now = now();
        List<Item> due = new ArrayList<>();
        while (!agenda.isEmpty() && !agenda.peek().at().isAfter(now)) {
            due.add(agenda.poll());
        }
        return due;
    }

    synchronized Optional<Instant> next() {
        return Optional.ofNullable(agenda.peek()).map(Item::at);
    }

    synchronized int pending() {
        return agenda.size();
    }
}
