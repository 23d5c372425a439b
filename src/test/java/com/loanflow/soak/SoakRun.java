package com.loanflow.soak;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The soak's rounds. Each round runs what is due on the agenda (loan steps, staff, borrowers, late receipts) while
 * both nodes' job executors run, lets the engine settle, looks at Tasklist and the notices, and then moves the
 * engine clock on to the next thing that is due: the next agenda item or the next job (a confirmation timeout, the
 * end of quiet hours, a retry backoff, an SLA). The clock moves only while no request is under way and every live
 * job executor has stopped taking jobs and finished the ones it had, so no running job's lock expires under it.
 * One node is crashed from a seeded moment on, in the middle of a send a provider is slow to answer.
 */
final class SoakRun {

    private static final Logger log = LoggerFactory.getLogger(SoakRun.class);
    private static final Duration MIN_STEP = Duration.ofMinutes(5);
    /** Once every loan's script is done only notices are left; coarser steps keep the drain short. */
    private static final Duration MIN_STEP_DRAINING = Duration.ofMinutes(30);
    private static final Duration MAX_STEP = Duration.ofHours(12);
    private static final Duration SETTLE = Duration.ofSeconds(30);

    private final SoakClient client;
    private final SoakClock clock;
    private final SoakLoans loans;
    private final SoakPeople people;
    private final FaultPlan faults;
    private final List<SoakNode> nodes;
    private final SoakNode victim;
    private final ExecutorService drivers = Executors.newFixedThreadPool(8);
    private int rounds;
    private volatile Instant crashedAt;
    private volatile boolean armed;
    private volatile List<String> jobsInHand = List.of();

    SoakRun(SoakClient client, SoakClock clock, SoakLoans loans, SoakPeople people, FaultPlan faults,
            List<SoakNode> nodes, SoakNode victim) {
        this.client = client;
        this.clock = clock;
        this.loans = loans;
        this.people = people;
        this.faults = faults;
        this.nodes = nodes;
        this.victim = victim;
    }

    int rounds() {
        return rounds;
    }

    /** Runs rounds until every loan's script is done and nothing is left to happen before {@code horizon}. */
    void run(Instant start, Instant horizon) {
        // In the evening's traffic, before the quiet hours make the nodes idle.
        Instant crashAt = start.plus(Duration.ofMinutes(30 + faults.roll("node:crash", 60)));
        int armedRounds = 0;
        long[] spent = new long[4];
        loans.schedule(start);
        while (true) {
            rounds++;
            if (crashedAt == null && !clock.now().isBefore(crashAt)) {
                // From now on the victim dies the moment a provider is slow to answer one of its sends (see
                // duringSlowSend); if that does not happen within a few rounds, it dies at the end of one.
                armed = true;
                if (++armedRounds > 10) {
                    crash(lockedByVictim());
                }
            }
            long t0 = System.nanoTime();
            runDue();
            long t1 = System.nanoTime();
            awaitSettled();
            long t2 = System.nanoTime();
            people.observe(client.liveNodes().get(0));
            long t3 = System.nanoTime();
            spent[0] += t1 - t0;
            spent[1] += t2 - t1;
            spent[2] += t3 - t2;
            if (clock.next().filter(next -> !next.isAfter(clock.now())).isPresent()) {
                continue;
            }
            Optional<Instant> next = next();
            if (finished(horizon) || next.isEmpty() || next.get().isAfter(horizon)) {
                break;
            }
            Duration step = Duration.between(clock.now(), next.get());
            Duration min = loans.loans().stream().allMatch(l -> l.done) ? MIN_STEP_DRAINING : MIN_STEP;
            step = step.compareTo(min) < 0 ? min : step.compareTo(MAX_STEP) > 0 ? MAX_STEP : step;
            if (crashedAt != null && Duration.between(crashedAt, clock.now()).toMinutes() < 1) {
                // The survivor takes the crashed node's jobs over as soon as their locks expire, as it would.
                step = Duration.ofMillis(SoakNode.LOCK_TIME_MILLIS + 5000);
            }
            long t4 = System.nanoTime();
            jump(step);
            spent[3] += System.nanoTime() - t4;
            if (rounds % 20 == 0) {
                log.info("soak round {}: engine time {}, agenda {}, loans done {}/{}; ms in steps {}, settling {},"
                        + " observing {}, jumping {}", rounds, clock.now(), clock.pending(),
                        loans.loans().stream().filter(l -> l.done).count(), loans.loans().size(), spent[0] / 1_000_000,
                        spent[1] / 1_000_000, spent[2] / 1_000_000, spent[3] / 1_000_000);
            }
        }
        awaitSettled();
    }

    private void runDue() {
        List<Future<?>> running = new java.util.ArrayList<>();
        for (SoakClock.Item item : clock.takeDue()) {
            running.add(drivers.submit(() -> {
                try {
                    item.action().run();
                } catch (RuntimeException e) {
                    loans.notes().add(item.what() + " failed: " + e);
                }
            }));
        }
        for (Future<?> step : running) {
            try {
                step.get(5, TimeUnit.MINUTES);
            } catch (Exception e) {
                loans.notes().add("a step did not finish: " + e);
            }
        }
    }

    /** Done when every script ran to its end, nobody plans anything, and no notice waits on a timer. */
    private boolean finished(Instant horizon) {
        if (loans.loans().stream().anyMatch(l -> !l.done) || clock.pending() > 0) {
            return false;
        }
        return survivor().sql("""
                        select count(*) from act_ru_job where process_def_key_ = 'notify-borrower' and retries_ > 0
                        and duedate_ < :horizon""")
                .param("horizon", Timestamp.from(horizon)).query(Long.class).single() == 0;
    }

    /** The earlier of the next agenda item and the next job's due date. */
    private Optional<Instant> next() {
        Optional<Instant> job = Optional.ofNullable(survivor().sql(
                        "select min(duedate_) from act_ru_job where retries_ > 0 and duedate_ > :now")
                .param("now", Timestamp.from(clock.now())).query(Timestamp.class).single()).map(Timestamp::toInstant);
        Optional<Instant> agenda = clock.next();
        if (job.isEmpty()) {
            return agenda;
        }
        return agenda.isEmpty() || job.get().isBefore(agenda.get()) ? job : agenda;
    }

    /**
     * Waits (up to a bound) until no job is due that a live node could take and none is running on a live node, seen
     * twice in a row; a round goes on after the bound all the same, and says so.
     */
    void awaitSettled() {
        AtomicInteger quiet = new AtomicInteger();
        try {
            Awaitility.await().atMost(SETTLE).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(40))
                    .until(() -> {
                        if (busyJobs() > 0) {
                            quiet.set(0);
                            return false;
                        }
                        return quiet.incrementAndGet() >= 2;
                    });
        } catch (ConditionTimeoutException busy) {
            log.warn("soak: engine still busy after {} s ({} jobs)", SETTLE.toSeconds(), busyJobs());
        }
    }

    private long busyJobs() {
        Instant now = clock.now();
        return survivor().sql("""
                        select count(*) from act_ru_job j
                        where j.retries_ > 0 and j.suspension_state_ = 1 and (j.duedate_ is null or j.duedate_ <= :now)
                          and (j.lock_exp_time_ is null or j.lock_exp_time_ <= :now or j.lock_owner_ in (:live))
                          and not exists (select 1 from act_ru_job d where d.root_proc_inst_id_ = j.root_proc_inst_id_
                                          and d.lock_owner_ in (:dead) and d.lock_exp_time_ > :now)""")
                .param("now", Timestamp.from(now))
                .param("live", owners(true))
                .param("dead", owners(false))
                .query(Long.class).single();
    }

    private long lockedByLiveNodes() {
        return survivor().sql("select count(*) from act_ru_job where lock_owner_ in (:live) and lock_exp_time_ > :now")
                .param("live", owners(true)).param("now", Timestamp.from(clock.now())).query(Long.class).single();
    }

    private List<String> owners(boolean alive) {
        List<String> owners = nodes.stream().filter(n -> n.alive() == alive).map(SoakNode::lockOwner).toList();
        return owners.isEmpty() ? List.of("none") : owners;
    }

    private void jump(Duration step) {
        client.exclusively(() -> {
            List<SoakNode> live = client.liveNodes();
            live.forEach(SoakNode::pauseJobAcquisition);
            try {
                Instant giveUp = Instant.now().plusSeconds(60);
                while (lockedByLiveNodes() > 0 && Instant.now().isBefore(giveUp)) {
                    sleep(50);
                }
                clock.advance(step);
            } finally {
                live.forEach(SoakNode::resumeJobAcquisition);
            }
            return null;
        });
    }

    /**
     * A provider is holding a send's answer back (slow, timed out, a contact change under way): if the victim holds
     * jobs right now, one of them is probably that send, and the victim dies in the middle of it, after the provider
     * took the message and before the node could record it.
     */
    void duringSlowSend() {
        if (armed && crashedAt == null) {
            List<String> held = lockedByVictim();
            if (!held.isEmpty()) {
                crash(held);
            }
        }
    }

    private List<String> lockedByVictim() {
        return survivor().sql("select id_ from act_ru_job where lock_owner_ = :owner and lock_exp_time_ > :now")
                .param("owner", victim.lockOwner()).param("now", Timestamp.from(clock.now()))
                .query(String.class).list();
    }

    /** Requests under way on the victim fail as at a real crash; the soak's client sends them to the survivor. */
    private synchronized void crash(List<String> held) {
        if (crashedAt != null) {
            return;
        }
        jobsInHand = held;
        client.takeOutOfRotation(victim);
        victim.crash(survivor());
        crashedAt = clock.now();
        faults.count("node: crashed" + (held.isEmpty() ? "" : " with jobs in hand"));
        log.info("soak: node {} crashed at engine time {} holding {} jobs", victim.name(), crashedAt, held.size());
    }

    /** The crash as the report tells it: when, how many jobs the node held, how many the survivor then ran. */
    String crashSummary() {
        if (crashedAt == null) {
            return "none";
        }
        SoakNode survivor = client.liveNodes().get(0);
        long runBySurvivor = jobsInHand.isEmpty() ? 0 : survivor().sql("""
                        select count(distinct job_id_) from act_hi_job_log
                        where job_id_ in (:ids) and hostname_ = :survivor and job_state_ in (1, 2)""")
                .param("ids", jobsInHand).param("survivor", survivor.name()).query(Long.class).single();
        return victim.name() + " at " + crashedAt + " holding " + jobsInHand.size() + " jobs, " + runBySurvivor
                + " of them then run by " + survivor.name() + "; " + client.crashedUnder()
                + " requests under way on it sent again to the survivor";
    }

    private JdbcClient survivor() {
        return client.liveNodes().get(0).jdbc();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    void close() {
        drivers.shutdownNow();
    }
}
