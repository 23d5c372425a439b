package com.loanflow.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.loanflow.process.TaskKeys;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The engine gauges count what staff or operators must act on: due jobs nobody runs, jobs out of retries, open
 * incidents by type, and staff tasks past their due date by task key, with anything unlisted under "other".
 */
class EngineGaugesTest {

    private static final JavaDelegate FAILING = execution -> {
        throw new IllegalStateException("credit bureau unavailable");
    };

    private static ProcessEngine engine;

    @BeforeAll
    static void engine() {
        engine = TestEngines.start("engine-gauges-test", Map.of("failing", FAILING), List.of());
        engine.getRepositoryService().createDeployment()
                .addModelInstance("overdue.bpmn", Bpmn.createExecutableProcess("overdue").camundaHistoryTimeToLive(1)
                        .startEvent()
                        .parallelGateway("Fork")
                        .userTask(TaskKeys.CONTACT_BORROWER).camundaDueDate("2020-01-01T00:00:00")
                        .endEvent()
                        .moveToNode("Fork")
                        .userTask("Task_AddedByAnAnalyst").camundaDueDate("2020-01-01T00:00:00")
                        .endEvent()
                        .moveToNode("Fork")
                        .userTask(TaskKeys.RELEASE_LIEN).camundaDueDate("2999-01-01T00:00:00")
                        .endEvent()
                        .done())
                .addModelInstance("jobs.bpmn", Bpmn.createExecutableProcess("jobs").camundaHistoryTimeToLive(1)
                        .startEvent()
                        .serviceTask("Task_QueryCreditBureau").camundaAsyncBefore()
                        .camundaDelegateExpression("${failing}")
                        .endEvent()
                        .done())
                .deploy();
    }

    @AfterAll
    static void closeEngine() {
        engine.close();
    }

    @Test
    void givenOverdueTasksDueJobsAndAFailedJob_whenCounted_thenEachGaugeReadsThem() {
        engine.getRuntimeService().startProcessInstanceByKey("overdue");
        engine.getRuntimeService().startProcessInstanceByKey("jobs");
        engine.getRuntimeService().startProcessInstanceByKey("jobs");
        Job failing = engine.getManagementService().createJobQuery().list().get(0);
        for (int run = 0; run < 3; run++) {
            assertThatThrownBy(() -> engine.getManagementService().executeJob(failing.getId()))
                    .hasMessageContaining("credit bureau unavailable");
        }
        MeterRegistry registry = new SimpleMeterRegistry();
        EngineGauges gauges = new EngineGauges(engine.getManagementService(), engine.getRuntimeService(),
                engine.getTaskService(), Clock.systemUTC(), new MonitoringSettings(Duration.ofSeconds(30),
                Duration.ofMinutes(1)), registry);
        assertThat(registry.get(EngineGauges.BACKLOG).gauge().value()).as("before the first count").isNaN();

        gauges.refresh();

        assertThat(registry.get(EngineGauges.BACKLOG).gauge().value()).as("the job with retries left").isEqualTo(1);
        assertThat(registry.get(EngineGauges.FAILED_JOBS).gauge().value()).isEqualTo(1);
        assertThat(registry.get(EngineGauges.INCIDENTS).tag("type", "failedJob").gauge().value()).isEqualTo(1);
        assertThat(registry.get(EngineGauges.INCIDENTS).tag("type", "ledgerBroken").gauge().value()).isZero();
        assertThat(registry.get(EngineGauges.OVERDUE).tag("task_key", TaskKeys.CONTACT_BORROWER).gauge().value())
                .isEqualTo(1);
        assertThat(registry.get(EngineGauges.OVERDUE).tag("task_key", TaskKeys.RELEASE_LIEN).gauge().value())
                .as("not yet due").isZero();
        assertThat(registry.get(EngineGauges.OVERDUE).tag("task_key", EngineGauges.OTHER).gauge().value())
                .isEqualTo(1);
    }
}
