package com.loanflow.monitoring;

import com.loanflow.process.ProcessConstants;
import com.loanflow.process.TaskKeys;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.Incident;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * What the engine holds that someone has to act on, counted in the background every
 * {@code loanflow.monitoring.gauge-refresh} (30 s) so that a scrape only reads numbers:
 *
 * <ul>
 *   <li>{@value #BACKLOG}: jobs due now (retries left, not suspended) that no job executor has locked. It grows
 *       when the cluster's executors cannot keep up, or none runs.</li>
 *   <li>{@value #FAILED_JOBS}: jobs whose retries ran out; each has a {@code failedJob} incident.</li>
 *   <li>{@value #INCIDENTS} (tag {@code type}): open incidents by type.</li>
 *   <li>{@value #OVERDUE} (tag {@code task_key}): open staff tasks of every kind past their due date, by task
 *       definition key: a borrower waits on a person. The KPI report's {@code loanflow.escalations.overdue} counts
 *       only the escalation kinds among them.</li>
 * </ul>
 *
 * <p>The values are the shared database's, so every node reports the same; dashboards and alerts take the
 * {@code max} over nodes. Types and keys not listed here (a task an analyst adds to a model) count under
 * {@value #OTHER}. Before the first count, or when counting fails, the gauges read NaN rather than a stale number.
 */
@Component
class EngineGauges implements SmartLifecycle {

    static final String BACKLOG = "loanflow.jobs.backlog";
    static final String FAILED_JOBS = "loanflow.jobs.failed";
    static final String INCIDENTS = "loanflow.incidents.open";
    static final String OVERDUE = "loanflow.tasks.overdue";
    static final String OTHER = "other";

    static final List<String> INCIDENT_TYPES = List.of(Incident.FAILED_JOB_HANDLER_TYPE,
            Incident.EXTERNAL_TASK_HANDLER_TYPE, ProcessConstants.INCIDENT_LEDGER_BROKEN);

    static final List<String> TASK_KEYS = List.of(TaskKeys.REVIEW_APPLICATION, TaskKeys.REVIEW_ESCALATED_APPLICATION,
            TaskKeys.CONTACT_OVERDUE_BORROWER, TaskKeys.REFUND_OVERPAYMENT, TaskKeys.RELEASE_LIEN,
            TaskKeys.FOLLOW_UP_CALL, TaskKeys.INVESTIGATE_LEDGER, TaskKeys.SETTLEMENT_NOTICE_OVERDUE,
            TaskKeys.CONTACT_BORROWER, TaskKeys.CONTACT_BORROWER_ESCALATED);

    private static final Logger log = LoggerFactory.getLogger(EngineGauges.class);

    private final ManagementService management;
    private final RuntimeService runtime;
    private final TaskService tasks;
    private final Clock clock;
    private final MonitoringSettings settings;
    private volatile Counts counts = Counts.UNKNOWN;
    private ScheduledExecutorService scheduler;

    EngineGauges(ManagementService management, RuntimeService runtime, TaskService tasks, Clock clock,
                 MonitoringSettings settings, MeterRegistry registry) {
        this.management = management;
        this.runtime = runtime;
        this.tasks = tasks;
        this.clock = clock;
        this.settings = settings;
        Gauge.builder(BACKLOG, this, g -> g.counts.backlog())
                .description("Jobs due now that no job executor has locked")
                .register(registry);
        Gauge.builder(FAILED_JOBS, this, g -> g.counts.failedJobs())
                .description("Jobs whose retries ran out")
                .register(registry);
        for (String type : withOther(INCIDENT_TYPES)) {
            Gauge.builder(INCIDENTS, this, g -> g.counts.incidents().getOrDefault(type, Double.NaN))
                    .description("Open incidents")
                    .tag("type", type)
                    .register(registry);
        }
        for (String key : withOther(TASK_KEYS)) {
            Gauge.builder(OVERDUE, this, g -> g.counts.overdue().getOrDefault(key, Double.NaN))
                    .description("Open staff tasks past their due date")
                    .tag("task_key", key)
                    .register(registry);
        }
    }

    /** Counts again; called on the schedule, and by tests that cannot wait for it. */
    void refresh() {
        try {
            Date now = Date.from(clock.instant());
            long due = management.createJobQuery().executable().active().count();
            long locked = management.createJobQuery().executable().active().acquired().count();
            long failed = management.createJobQuery().noRetriesLeft().count();
            Map<String, Double> incidents = countEach(INCIDENT_TYPES, runtime.createIncidentQuery().count(),
                    type -> runtime.createIncidentQuery().incidentType(type).count());
            Map<String, Double> overdue = countEach(TASK_KEYS, tasks.createTaskQuery().dueBefore(now).count(),
                    key -> tasks.createTaskQuery().taskDefinitionKey(key).dueBefore(now).count());
            counts = new Counts(Math.max(0, due - locked), failed, incidents, overdue);
        } catch (RuntimeException e) {
            // Caught, or the scheduler would never run this again: the next round tries once more.
            counts = Counts.UNKNOWN;
            log.warn("Counting jobs, incidents and overdue tasks for the metrics failed: {}", e.toString());
        }
    }

    /** Each name's count, and what the total has beyond them as {@value #OTHER}. */
    private static Map<String, Double> countEach(List<String> names, long total, ToLongFunction<String> count) {
        Map<String, Double> counts = new LinkedHashMap<>();
        long listed = 0;
        for (String name : names) {
            long n = count.applyAsLong(name);
            counts.put(name, (double) n);
            listed += n;
        }
        // The total is a separate query: a change in between must not make "other" negative.
        counts.put(OTHER, (double) Math.max(0, total - listed));
        return counts;
    }

    private static List<String> withOther(List<String> names) {
        return Stream.concat(names.stream(), Stream.of(OTHER)).toList();
    }

    @Override
    public void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "engine-gauges");
            thread.setDaemon(true);
            return thread;
        });
        long every = settings.gaugeRefresh().toMillis();
        scheduler.scheduleWithFixedDelay(this::refresh, 0, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        scheduler.shutdownNow();
        scheduler = null;
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }

    private record Counts(double backlog, double failedJobs, Map<String, Double> incidents,
                          Map<String, Double> overdue) {

        static final Counts UNKNOWN = new Counts(Double.NaN, Double.NaN, Map.of(), Map.of());
    }
}
