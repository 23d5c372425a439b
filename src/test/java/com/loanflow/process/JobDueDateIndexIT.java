package com.loanflow.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.loanflow.support.PostgresIntegrationTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The job executor's acquisition reads due jobs from an index on the job due date instead of scanning every waiting
 * timer, on PostgreSQL as in production.
 */
class JobDueDateIndexIT extends PostgresIntegrationTest {

    private static final String PROBE = "loanflow-index-probe";

    @Test
    void givenTheEngineHasStarted_whenLookingAtTheJobTable_thenItsDueDateHasExactlyOneIndex() {
        assertThat(jdbc.sql("select indexname from pg_indexes where tablename = 'act_ru_job' and indexdef like '%(duedate_)'")
                .query(String.class).list())
                .containsExactly(JobDueDateIndex.INDEX);
    }

    /**
     * Fifty thousand timers due in 2100 stand in for the running loans' waiting timers. Once the planner knows about
     * them, the polls of this node's job executor show up in the index's scan count: the engine's own acquisition
     * query, as it runs, uses the index. (Nothing else queries jobs by due date while the test waits.)
     */
    @Test
    void givenManyWaitingTimers_whenTheJobExecutorPolls_thenItReadsDueJobsFromTheIndex() {
        try {
            jdbc.sql("""
                    insert into act_ru_job (id_, rev_, type_, exclusive_, retries_, duedate_, handler_type_,
                        suspension_state_, priority_, create_time_)
                    select :probe || '-' || g, 1, 'timer', true, 3, timestamp '2100-01-01' + g * interval '1 minute',
                        :probe, 1, 0, localtimestamp
                    from generate_series(1, 50000) g""").param("probe", PROBE).update();
            jdbc.sql("analyze act_ru_job").update();
            long before = indexScans();

            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                    .until(() -> indexScans() > before);
        } finally {
            jdbc.sql("delete from act_ru_job where handler_type_ = :probe").param("probe", PROBE).update();
            jdbc.sql("analyze act_ru_job").update();
        }
    }

    private long indexScans() {
        return jdbc.sql("select idx_scan from pg_stat_user_indexes where indexrelname = :index")
                .param("index", JobDueDateIndex.INDEX).query(Long.class).single();
    }
}
