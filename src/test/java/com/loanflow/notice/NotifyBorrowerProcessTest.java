package com.loanflow.notice;

import static com.loanflow.process.ProcessConstants.NOTIFY_BORROWER;
import static com.loanflow.process.ProcessConstants.VAR_LOAN_ID;
import static com.loanflow.process.ProcessConstants.VAR_NOTICE_EVENT;
import static com.loanflow.process.ProcessConstants.VAR_NOTICE_ID;
import static com.loanflow.process.ProcessConstants.VAR_NOTICE_REFERENCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;

import com.loanflow.process.ProcessTestTimers;
import com.loanflow.process.RecordingDelegate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * notify-borrower on the engine alone: a notice is prepared, then sent with the id the preparation gave it; a send
 * that fails is retried on the configured notice cycle and ends as an incident an operator can retry.
 */
@Deployment(resources = "bpmn/notify-borrower.bpmn")
class NotifyBorrowerProcessTest {

    @RegisterExtension
    static final ProcessEngineCoverageExtension ENGINE = ProcessEngineCoverageExtension.builder()
            .assertClassCoverageAtLeast(1.0)
            .build();

    private static final Instant NOW = Instant.parse("2025-03-03T01:00:00Z");
    private static final String LOAN_ID = "LN-0001";
    private static final List<Duration> NOTICE_RETRY_WAITS =
            ProcessTestTimers.retryIntervals(ProcessTestTimers.SETTINGS.notice().retryCycle());

    private ProcessEngine engine;
    private RuntimeService runtimeService;
    private ManagementService managementService;

    private RecordingDelegate prepareNotice;
    private RecordingDelegate sendNotice;

    @BeforeEach
    void setUp() {
        BpmnAwareTests.init(engine);
        runtimeService = engine.getRuntimeService();
        managementService = engine.getManagementService();
        ClockUtil.setCurrentTime(Date.from(NOW));

        prepareNotice = RecordingDelegate.recording()
                .doing(execution -> execution.setVariable(VAR_NOTICE_ID, "NT-" + execution.getVariable(VAR_NOTICE_EVENT)));
        sendNotice = RecordingDelegate.recording();
        Mocks.register("timers", ProcessTestTimers.timers());
        Mocks.register("prepareNoticeDelegate", prepareNotice);
        Mocks.register("sendNoticeDelegate", sendNotice);
    }

    @AfterEach
    void tearDown() {
        Mocks.reset();
        ClockUtil.reset();
        BpmnAwareTests.reset();
    }

    @Test
    void givenNoticeRequested_whenItsJobsRun_thenNoticeIsPreparedThenSentWithTheIdPreparationGaveIt() {
        ProcessInstance notice = requestNotice("REPAYMENT_DUE", 3);

        assertThat(notice).isWaitingAt("Task_PrepareNotice");
        execute(job("Task_PrepareNotice", notice));

        assertThat(notice).isWaitingAt("Task_SendNotice").variables().containsEntry(VAR_NOTICE_ID, "NT-REPAYMENT_DUE");
        assertThat(prepareNotice.calls()).singleElement().satisfies(call -> assertThat(call.variables())
                .containsEntry(VAR_LOAN_ID, LOAN_ID)
                .containsEntry(VAR_NOTICE_EVENT, "REPAYMENT_DUE")
                .containsEntry(VAR_NOTICE_REFERENCE, 3));
        assertThat(sendNotice.attempts()).isZero();

        execute(job("Task_SendNotice", notice));

        assertThat(sendNotice.calledWith(VAR_NOTICE_ID)).containsExactly("NT-REPAYMENT_DUE");
        assertThat(notice).hasPassedInOrder("Task_PrepareNotice", "Task_SendNotice", "EndEvent_NoticeSent").isEnded();
    }

    @Test
    void givenChannelDown_whenSendKeepsFailing_thenRetriedOnNoticeCycleAndLeftAsIncidentWithTheError() {
        sendNotice.failing(Integer.MAX_VALUE, () -> new IllegalStateException("SMS provider timed out"));
        ProcessInstance notice = requestNotice("LOAN_SETTLED", null);
        execute(job("Task_PrepareNotice", notice));

        // One first try plus one retry per wait of the cycle, each only once the previous wait is over.
        for (int failure = 1; failure <= NOTICE_RETRY_WAITS.size() + 1; failure++) {
            Job send = job("Task_SendNotice", notice);
            assertThatThrownBy(() -> managementService.executeJob(send.getId()))
                    .hasMessageContaining("SMS provider timed out");
            Job failed = managementService.createJobQuery().jobId(send.getId()).singleResult();
            assertThat(failed.getRetries()).isEqualTo(NOTICE_RETRY_WAITS.size() + 1 - failure);
            assertThat(failed.getExceptionMessage()).isEqualTo("SMS provider timed out");
            if (failed.getRetries() > 0) {
                Date retryAt = Date.from(ClockUtil.now().toInstant().plus(NOTICE_RETRY_WAITS.get(failure - 1)));
                assertThat(failed.getDuedate()).isEqualTo(retryAt);
                assertThat(managementService.createJobQuery().jobId(send.getId()).executable().count())
                        .as("retry is not due before its wait is over").isZero();
                ClockUtil.setCurrentTime(retryAt);
                assertThat(managementService.createJobQuery().jobId(send.getId()).executable().count()).isOne();
            }
        }

        Incident incident = runtimeService.createIncidentQuery().processInstanceId(notice.getId()).singleResult();
        assertThat(incident).isNotNull();
        assertThat(incident.getIncidentType()).isEqualTo(Incident.FAILED_JOB_HANDLER_TYPE);
        assertThat(incident.getActivityId()).isEqualTo("Task_SendNotice");
        assertThat(incident.getIncidentMessage()).isEqualTo("SMS provider timed out");
        assertThat(sendNotice.attempts()).isEqualTo(NOTICE_RETRY_WAITS.size() + 1);
        assertThat(prepareNotice.attempts()).as("the notice is prepared once, not again per send attempt").isOne();
        assertThat(notice).isWaitingAt("Task_SendNotice");
    }

    @Test
    void givenIncidentOnSend_whenOperatorRetriesAfterChannelRecovered_thenNoticeIsSentAndIncidentResolved() {
        sendNotice.failing(NOTICE_RETRY_WAITS.size() + 1, () -> new IllegalStateException("SMTP 421 try later"));
        ProcessInstance notice = requestNotice("APPLICATION_RECEIVED", null);
        execute(job("Task_PrepareNotice", notice));
        for (int attempt = 0; attempt <= NOTICE_RETRY_WAITS.size(); attempt++) {
            Job send = job("Task_SendNotice", notice);
            assertThatThrownBy(() -> managementService.executeJob(send.getId())).hasMessageContaining("SMTP 421");
        }
        assertThat(runtimeService.createIncidentQuery().processInstanceId(notice.getId()).count()).isOne();

        // What "Retry" in Cockpit does.
        managementService.setJobRetries(job("Task_SendNotice", notice).getId(), 1);
        execute(job("Task_SendNotice", notice));

        assertThat(sendNotice.calledWith(VAR_NOTICE_ID)).containsExactly("NT-APPLICATION_RECEIVED");
        assertThat(runtimeService.createIncidentQuery().processInstanceId(notice.getId()).count()).isZero();
        assertThat(notice).isEnded().hasPassed("EndEvent_NoticeSent");
    }

    @Test
    void givenChannelDownOnce_whenRetryIsDue_thenNoticeIsSentOnce() {
        sendNotice.failing(1, () -> new IllegalStateException("connection reset"));
        ProcessInstance notice = requestNotice("REPAYMENT_RECEIVED", "RP-0007");
        execute(job("Task_PrepareNotice", notice));

        assertThatThrownBy(() -> execute(job("Task_SendNotice", notice))).hasMessageContaining("connection reset");
        ClockUtil.setCurrentTime(Date.from(NOW.plus(NOTICE_RETRY_WAITS.get(0))));
        Job retry = managementService.createJobQuery().processInstanceId(notice.getId()).executable().singleResult();
        assertThat(retry).isNotNull();
        execute(retry);

        assertThat(sendNotice.attempts()).isEqualTo(2);
        assertThat(sendNotice.calls()).singleElement()
                .satisfies(call -> assertThat(call.variables()).containsEntry(VAR_NOTICE_ID, "NT-REPAYMENT_RECEIVED")
                        .containsEntry(VAR_NOTICE_REFERENCE, "RP-0007"));
        assertThat(notice).isEnded().hasPassed("EndEvent_NoticeSent");
    }

    /** As the loan lifecycle's call activities start it: business key and loanId are the loan, plus event and reference. */
    private ProcessInstance requestNotice(String event, Object reference) {
        Map<String, Object> variables = new HashMap<>(Map.of(VAR_LOAN_ID, LOAN_ID, VAR_NOTICE_EVENT, event));
        if (reference != null) {
            variables.put(VAR_NOTICE_REFERENCE, reference);
        }
        return runtimeService.startProcessInstanceByKey(NOTIFY_BORROWER, LOAN_ID, variables);
    }
}
