package com.loanflow.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * A delegate's log lines name the loan, notice and attempt it works on, and the process instance, whether it runs
 * in the caller's thread or in a job; afterwards the caller's own MDC is as it was.
 */
class ProcessLoggingContextTest {

    private static final org.slf4j.Logger delegateLog = LoggerFactory.getLogger("com.loanflow.monitoring.SendTest");
    private static final JavaDelegate SEND = execution -> delegateLog.info("sending");

    private static ProcessEngine engine;

    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

    @BeforeAll
    static void engine() {
        engine = TestEngines.start("logging-context-test", Map.of("send", SEND), List.of(new ProcessLoggingContext()));
        BpmnModelInstance model = Bpmn.createExecutableProcess("logging-context")
                .camundaHistoryTimeToLive(1)
                .startEvent()
                .serviceTask("Task_SendNow").camundaDelegateExpression("${send}")
                .serviceTask("Task_SendLater").camundaAsyncBefore().camundaDelegateExpression("${send}")
                .endEvent()
                .done();
        engine.getRepositoryService().createDeployment().addModelInstance("logging-context.bpmn", model).deploy();
    }

    @AfterAll
    static void closeEngine() {
        engine.close();
    }

    @BeforeEach
    void capture() {
        lines.start();
        ((Logger) delegateLog).addAppender(lines);
    }

    @AfterEach
    void release() {
        ((Logger) delegateLog).detachAppender(lines);
        MDC.clear();
    }

    @Test
    void givenANoticeProcess_whenItsDelegatesRunInlineAndAsAJob_thenEachLineNamesLoanNoticeAttemptAndInstance() {
        MDC.put("loanId", "LN-OF-THE-REQUEST");

        ProcessInstance notice = engine.getRuntimeService().startProcessInstanceByKey("logging-context", "LN-1",
                Map.of("noticeId", "NT-1", "attemptId", "AT-1"));
        assertThat(MDC.get("loanId")).as("the caller's MDC is handed back").isEqualTo("LN-OF-THE-REQUEST");
        assertThat(MDC.get("noticeId")).isNull();
        assertThat(MDC.get("processInstanceId")).isNull();

        MDC.clear();
        engine.getRuntimeService().setVariable(notice.getId(), "attemptId", "AT-2");
        Job later = engine.getManagementService().createJobQuery().processInstanceId(notice.getId()).singleResult();
        engine.getManagementService().executeJob(later.getId());

        assertThat(lines.list).extracting(ILoggingEvent::getMDCPropertyMap).satisfiesExactly(
                inline -> assertThat(inline).containsAllEntriesOf(Map.of("loanId", "LN-1", "noticeId", "NT-1",
                        "attemptId", "AT-1", "processInstanceId", notice.getId(), "activityId", "Task_SendNow")),
                inJob -> assertThat(inJob).containsAllEntriesOf(Map.of("loanId", "LN-1", "noticeId", "NT-1",
                        "attemptId", "AT-2", "processInstanceId", notice.getId(), "activityId", "Task_SendLater")));
        assertThat(MDC.getCopyOfContextMap()).as("nothing left behind in the job's thread").isNullOrEmpty();
    }

    @Test
    void givenALoanIdVariable_whenADelegateRuns_thenTheVariableNamesTheLoan() {
        engine.getRuntimeService().startProcessInstanceByKey("logging-context", "BUSINESS-KEY",
                Map.of("loanId", "LN-2"));

        assertThat(lines.list.get(0).getMDCPropertyMap()).containsEntry("loanId", "LN-2")
                .doesNotContainKeys("noticeId", "attemptId");
    }
}
