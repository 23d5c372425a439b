package com.loanflow.process;

import static com.loanflow.process.ProcessConstants.GROUP_CUSTOMER_SERVICE;
import static com.loanflow.process.ProcessConstants.GROUP_LOAN_SERVICING;
import static com.loanflow.process.ProcessConstants.GROUP_RISK_MANAGERS;
import static com.loanflow.process.ProcessConstants.GROUP_RISK_OFFICERS;
import static com.loanflow.process.ProcessConstants.GROUP_SERVICING_MANAGERS;
import static com.loanflow.process.ProcessConstants.VAR_LATE_REVERSAL_DECISION;
import static com.loanflow.process.ProcessConstants.VAR_LEDGER_VALID;
import static com.loanflow.process.ProcessConstants.NOTIFY_BORROWER;
import static com.loanflow.process.ProcessConstants.VAR_INSTALMENT_NUMBER;
import static com.loanflow.process.ProcessConstants.VAR_LOAN_ID;
import static com.loanflow.process.ProcessConstants.VAR_MILESTONE;
import static com.loanflow.process.ProcessConstants.VAR_NEXT_ACTION;
import static com.loanflow.process.ProcessConstants.VAR_NOTICE_EVENT;
import static com.loanflow.process.ProcessConstants.VAR_NOTICE_ID;
import static com.loanflow.process.ProcessConstants.VAR_NOTICE_REFERENCE;
import static com.loanflow.process.ProcessConstants.VAR_REPAYMENT_ID;
import static com.loanflow.process.ProcessConstants.VAR_REVIEW_DECISION;
import static com.loanflow.process.ProcessConstants.VAR_REVIEW_REASON;
import static com.loanflow.process.ProcessConstants.VAR_RISK_DECISION;
import static com.loanflow.process.ProcessConstants.VAR_RISK_REASON;
import static com.loanflow.process.ProcessConstants.VAR_SETTLEMENT_STATE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.loanflow.application.credit.CreditBureauUnavailableException;
import com.loanflow.disbursement.PaymentGatewayUnavailableException;
import com.loanflow.loan.Milestone;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.camunda.bpm.engine.FormService;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * loan-lifecycle on the engine alone, with its real decisions and forms, a stand-in notice sub-process (delivery has
 * its own NotifyBorrowerProcessTest), and test doubles for
 * the domain beans. Every path a loan can take is driven the way the application drives it ({@link LoanLifecycle}
 * for start and messages, jobs for async steps and timers, form submissions for user tasks), and the build fails
 * when a flow node or sequence flow of the model is no longer reached by any test.
 */
@Deployment(resources = {
        "bpmn/loan-lifecycle.bpmn",
        "stubs/notify-borrower.bpmn",
        "dmn/risk-prescreen.dmn",
        "dmn/settlement-conditions.dmn",
        "forms/review-application.form",
        "forms/contact-overdue-borrower.form",
        "forms/refund-overpayment.form",
        "forms/release-lien.form",
        "forms/follow-up-call.form",
        "forms/investigate-ledger.form",
        "forms/settlement-notice-overdue.form",
        "forms/review-late-reversal.form"})
class LoanLifecycleProcessTest {

    @RegisterExtension
    static final ProcessEngineCoverageExtension ENGINE = ProcessEngineCoverageExtension.builder()
            .assertClassCoverageAtLeast(1.0)
            .build();

    /** Monday 09:00 in Shanghai. */
    private static final Instant START = Instant.parse("2025-03-03T01:00:00Z");
    private static final String LOAN = "LN-2025-0001";
    private static final ProcessSettings SETTINGS = ProcessTestTimers.SETTINGS;

    private ProcessEngine engine;
    private RuntimeService runtimeService;
    private TaskService taskService;
    private FormService formService;
    private HistoryService historyService;
    private ManagementService managementService;
    private LoanLifecycle lifecycle;

    private final RiskFactsDouble riskFacts = new RiskFactsDouble();
    private final BalancesDouble balances = new BalancesDouble();
    private final RepaymentCalendarDouble repaymentCalendar = new RepaymentCalendarDouble();
    private final Deque<Milestone> dueMilestones = new ArrayDeque<>();

    private final RecordingDelegate queryCreditBureau = RecordingDelegate.recording();
    private final RecordingDelegate recordRiskDecision = RecordingDelegate.recording();
    private final RecordingDelegate approveApplication = RecordingDelegate.recording();
    private final RecordingDelegate rejectApplication = RecordingDelegate.recording();
    private final RecordingDelegate disburseLoan = RecordingDelegate.recording();
    private final RecordingDelegate checkRepaymentMilestone = RecordingDelegate.recording().doing(execution -> {
        Milestone due = dueMilestones.isEmpty() ? Milestone.none() : dueMilestones.poll();
        execution.setVariable(VAR_MILESTONE, due.kind().name());
        execution.setVariable(VAR_INSTALMENT_NUMBER, due.instalmentNumber());
    });
    private final RecordingDelegate recordSettlementState = RecordingDelegate.recording();
    private final Deque<Boolean> ledgerVerifications = new ArrayDeque<>();
    private final RecordingDelegate verifyLedger = RecordingDelegate.recording().doing(execution ->
            execution.setVariable(VAR_LEDGER_VALID, ledgerVerifications.isEmpty() || ledgerVerifications.poll()));
    private final SettlementSlaDouble settlementSla = new SettlementSlaDouble();
    private final RecordingDelegate issueSettlementCertificate = RecordingDelegate.recording();
    private final RecordingDelegate recordRefund = RecordingDelegate.recording();
    private final RecordingDelegate recordLienRelease = RecordingDelegate.recording();
    private final RecordingDelegate closeLoan = RecordingDelegate.recording();
    private final RecordingDelegate withdrawSettlementNotice = RecordingDelegate.recording();
    private final RecordingDelegate reopenLoan = RecordingDelegate.recording();
    private final RecordingDelegate keepLoanSettled = RecordingDelegate.recording();
    private final RecordingDelegate prepareNotice = RecordingDelegate.recording()
            .doing(execution -> execution.setVariable(VAR_NOTICE_ID, "NT-" + execution.getProcessInstanceId()));
    private final RecordingDelegate sendNotice = RecordingDelegate.recording();
    private final RecordingTaskListener taskFormData = new RecordingTaskListener();
    private final RecordingTaskListener taskAudit = new RecordingTaskListener();

    @BeforeEach
    void setUp() {
        BpmnAwareTests.init(engine);
        runtimeService = engine.getRuntimeService();
        taskService = engine.getTaskService();
        formService = engine.getFormService();
        historyService = engine.getHistoryService();
        managementService = engine.getManagementService();
        lifecycle = new LoanLifecycle(runtimeService);
        ClockUtil.setCurrentTime(Date.from(START));
        repaymentCalendar.fallsDueAt(START.plus(Duration.ofDays(27)));

        Mocks.register("timers", ProcessTestTimers.timers());
        Mocks.register("riskFacts", riskFacts);
        Mocks.register("balances", balances);
        Mocks.register("repaymentCalendar", repaymentCalendar);
        Mocks.register("queryCreditBureauDelegate", queryCreditBureau);
        Mocks.register("recordRiskDecisionDelegate", recordRiskDecision);
        Mocks.register("approveApplicationDelegate", approveApplication);
        Mocks.register("rejectApplicationDelegate", rejectApplication);
        Mocks.register("disburseLoanDelegate", disburseLoan);
        Mocks.register("checkRepaymentMilestoneDelegate", checkRepaymentMilestone);
        Mocks.register("recordSettlementStateDelegate", recordSettlementState);
        Mocks.register("verifyLedgerDelegate", verifyLedger);
        Mocks.register("settlementSla", settlementSla);
        Mocks.register("issueSettlementCertificateDelegate", issueSettlementCertificate);
        Mocks.register("recordRefundDelegate", recordRefund);
        Mocks.register("recordLienReleaseDelegate", recordLienRelease);
        Mocks.register("closeLoanDelegate", closeLoan);
        Mocks.register("withdrawSettlementNoticeDelegate", withdrawSettlementNotice);
        Mocks.register("reopenLoanDelegate", reopenLoan);
        Mocks.register("keepLoanSettledDelegate", keepLoanSettled);
        Mocks.register("prepareNoticeDelegate", prepareNotice);
        Mocks.register("sendNoticeDelegate", sendNotice);
        Mocks.register("taskFormDataListener", taskFormData);
        Mocks.register("taskAuditListener", taskAudit);
    }

    @AfterEach
    void tearDown() {
        Mocks.reset();
        ClockUtil.reset();
        BpmnAwareTests.reset();
    }

    // --- application: prescreen ---------------------------------------------------------------------------------

    @Test
    void givenApplicantMeetingAllCriteria_whenLoanIsRepaidInFull_thenBorrowerHearsOfEveryStepAndLoanIsClosed() {
        riskFacts.set(LOAN, applicantMeetingAllCriteria());
        ProcessInstance loan = apply(LOAN);
        assertThat(loan).isWaitingAt("Task_QueryCreditBureau", "CallActivity_NotifyApplicationReceived");

        execute(job("Task_QueryCreditBureau", loan));

        assertThat(queryCreditBureau.calledWith(VAR_LOAN_ID)).containsExactly(LOAN);
        assertThat(loan).hasPassedInOrder("Task_PrescreenRisk", "Task_RecordPrescreenDecision", "Task_ApproveApplication")
                .isWaitingAt("Event_ContractSigned")
                .variables().containsEntry(VAR_RISK_DECISION, "APPROVE").containsEntry(VAR_RISK_REASON, "MEETS_CRITERIA");
        assertThat(recordRiskDecision.calledWith(VAR_RISK_DECISION)).containsExactly("APPROVE");
        assertThat(approveApplication.calledWith(VAR_LOAN_ID)).containsExactly(LOAN);

        assertThat(lifecycle.contractSigned(loan.getId())).isTrue();
        execute(job("Task_PayOutLoan", loan));

        assertThat(disburseLoan.calledWith(VAR_LOAN_ID)).containsExactly(LOAN);
        assertThat(loan).isWaitingAt("Gateway_AwaitRepaymentEvent");

        later(Duration.ofDays(30));
        balances.set(LOAN, "45000.00", "0.00", "0.00", "0.00", "0.00");
        assertThat(lifecycle.repaymentReceived(loan.getId(), "RP-0001")).isTrue();

        assertThat(loan).isWaitingAt("Gateway_AwaitRepaymentEvent").variables()
                .containsEntry(VAR_SETTLEMENT_STATE, "NOT_SETTLED").containsEntry(VAR_NEXT_ACTION, "CONTINUE_REPAYMENT");

        later(Duration.ofDays(30));
        balances.set(LOAN, "0.00", "0.00", "0.00", "0.00", "0.00");
        settlementSla.paidOffAt(ClockUtil.now().toInstant());
        assertThat(lifecycle.repaymentReceived(loan.getId(), "RP-0002")).isTrue();

        assertThat(loan).isWaitingAt("Task_VerifyLedger");
        assertThat(issueSettlementCertificate.attempts()).as("no certificate before the ledger verifies").isZero();
        execute(job("Task_VerifyLedger", loan));

        assertThat(verifyLedger.calledWith(VAR_LOAN_ID)).containsExactly(LOAN);
        assertThat(timer(loan, "BoundaryEvent_SettlementNoticeSlaPassed").getDuedate())
                .isEqualTo(settlementSla.deadline());
        assertThat(recordSettlementState.calledWith(VAR_SETTLEMENT_STATE)).containsExactly("NOT_SETTLED", "SETTLED");
        assertThat(issueSettlementCertificate.calledWith(VAR_LOAN_ID)).containsExactly(LOAN);
        assertThat(lifecycle.repaymentReceived(loan.getId(), "RP-0003"))
                .as("a settled loan no longer takes repayments").isFalse();
        Task releaseLien = task(TaskKeys.RELEASE_LIEN, loan);
        assertThat(releaseLien).hasName("Release lien").hasCandidateGroup(GROUP_LOAN_SERVICING)
                .hasDueDate(dueIn(SETTINGS.settlement().lienReleaseDueIn()));
        assertThat(taskFormData.taskKeys()).containsExactly(TaskKeys.RELEASE_LIEN);

        later(Duration.ofDays(2));
        submit(releaseLien, Map.of("lienReleaseReference", "SH-VMA-2025-004211", "registrationOffice", "Shanghai VMA"));

        assertThat(taskAudit.last()).satisfies(audit -> {
            assertThat(audit.taskDefinitionKey()).isEqualTo(TaskKeys.RELEASE_LIEN);
            assertThat(audit.variables()).containsEntry("lienReleaseReference", "SH-VMA-2025-004211");
        });
        assertThat(recordLienRelease.calledWith("lienReleaseReference")).containsExactly("SH-VMA-2025-004211");
        Task followUp = task(TaskKeys.FOLLOW_UP_CALL, loan);
        assertThat(followUp).hasName("Follow-up call (回访)").hasCandidateGroup(GROUP_CUSTOMER_SERVICE)
                .hasDueDate(dueIn(SETTINGS.settlement().followUpDueIn()));

        submit(followUp, Map.of("followUpOutcome", "CONFIRMED", "followUpNotes", "Papers received"));

        assertThat(taskAudit.taskKeys()).containsExactly(TaskKeys.RELEASE_LIEN, TaskKeys.FOLLOW_UP_CALL);
        assertThat(closeLoan.calledWith(VAR_LOAN_ID)).containsExactly(LOAN);
        assertThat(loan).hasPassed("EndEvent_LoanClosed").isNotEnded();
        assertThat(notices(loan)).containsExactlyInAnyOrder(
                notice("APPLICATION_RECEIVED"),
                notice("APPLICATION_APPROVED"),
                notice("LOAN_DISBURSED"),
                new Notice("REPAYMENT_RECEIVED", "RP-0001"),
                notice("LOAN_SETTLED"),
                notice("LIEN_RELEASE_READY"));

        deliverNotices();

        assertThat(loan).isEnded();
        assertThat(sendNotice.calls()).hasSize(6).allSatisfy(call -> assertThat(call.variables())
                .containsEntry(VAR_LOAN_ID, LOAN)
                .containsEntry(VAR_NOTICE_ID, "NT-" + call.processInstanceId()));
    }

    @Test
    void givenPoorCreditRecord_whenPrescreened_thenApplicationIsRejectedAndEndsOnlyAfterApplicantIsTold() {
        riskFacts.set(LOAN, applicantMeetingAllCriteria(Map.of("creditRecord", "POOR")));
        ProcessInstance loan = apply(LOAN);

        execute(job("Task_QueryCreditBureau", loan));

        assertThat(loan).variables().containsEntry(VAR_RISK_DECISION, "REJECT").containsEntry(VAR_RISK_REASON, "CREDIT_RECORD");
        assertThat(rejectApplication.calledWith(VAR_LOAN_ID)).containsExactly(LOAN);
        assertThat(approveApplication.attempts()).isZero();
        assertThat(loan).isWaitingAt("CallActivity_NotifyApplicationRejected").isNotEnded();
        assertThat(notices(loan)).containsExactlyInAnyOrder(notice("APPLICATION_RECEIVED"), notice("APPLICATION_REJECTED"));

        deliverNotices();

        assertThat(loan).isEnded().hasPassed("EndEvent_ApplicationRejected")
                .hasNotPassed("Task_ApproveApplication", "Task_ReviewApplication", "Event_ContractSigned");
    }

    // --- application: manual review -----------------------------------------------------------------------------

    @Test
    void givenBorderlineCreditScore_whenOfficerApproves_thenApplicantIsToldAndLoanAwaitsSignature() {
        ProcessInstance loan = applicationUnderReview();

        Task review = task(TaskKeys.REVIEW_APPLICATION, loan);
        assertThat(review).hasName("Review application").hasCandidateGroup(GROUP_RISK_OFFICERS)
                .hasDueDate(dueIn(SETTINGS.manualReview().dueIn()));
        assertThat(taskFormData.taskKeys()).containsExactly(TaskKeys.REVIEW_APPLICATION);
        assertThat(notices(loan)).contains(notice("APPLICATION_UNDER_REVIEW"));

        later(Duration.ofHours(3));
        submit(review, Map.of(VAR_REVIEW_DECISION, "APPROVE", "reviewComment", "Stable employment for 9 years"));

        assertThat(taskAudit.last().taskDefinitionKey()).isEqualTo(TaskKeys.REVIEW_APPLICATION);
        assertThat(taskAudit.last().variables()).containsEntry(VAR_REVIEW_DECISION, "APPROVE");
        assertThat(approveApplication.calledWith(VAR_LOAN_ID)).containsExactly(LOAN);
        assertThat(loan).hasPassed("Task_ReviewApplication").isWaitingAt("Event_ContractSigned");
        assertThat(managementService.createJobQuery().processInstanceId(loan.getId()).timers().count())
                .as("the escalation timer went with the review").isZero();

        deliverNotices();

        assertThat(notices(loan)).containsExactlyInAnyOrder(notice("APPLICATION_RECEIVED"),
                notice("APPLICATION_UNDER_REVIEW"), notice("APPLICATION_APPROVED"));
        assertThat(loan).hasPassed("EndEvent_UnderReviewNoticeHandled", "EndEvent_ApprovedNoticeHandled");
    }

    @Test
    void givenBorderlineCreditScore_whenOfficerRejectsWithReason_thenApplicationIsRejectedWithThatReason() {
        ProcessInstance loan = applicationUnderReview();

        submit(task(TaskKeys.REVIEW_APPLICATION, loan),
                Map.of(VAR_REVIEW_DECISION, "REJECT", VAR_REVIEW_REASON, "DEBT_TO_INCOME"));

        assertThat(taskAudit.last().variables())
                .containsEntry(VAR_REVIEW_DECISION, "REJECT").containsEntry(VAR_REVIEW_REASON, "DEBT_TO_INCOME");
        assertThat(rejectApplication.calledWith(VAR_REVIEW_REASON)).containsExactly("DEBT_TO_INCOME");
        assertThat(approveApplication.attempts()).isZero();
        assertThat(notices(loan)).contains(notice("APPLICATION_REJECTED"));

        deliverNotices();

        assertThat(loan).isEnded().hasPassed("Task_ReviewApplication", "EndEvent_ApplicationRejected")
                .hasNotPassed("Task_ReviewEscalatedApplication", "Task_ApproveApplication");
    }

    @Test
    void givenReviewNotDoneInTime_whenEscalationFallsDue_thenRiskManagerGetsItAndApproves() {
        ProcessInstance loan = applicationUnderReview();
        Date escalationDue = dueIn(SETTINGS.manualReview().escalateAfter());
        assertThat(timer(loan, "BoundaryEvent_ReviewOverdue").getDuedate()).isEqualTo(escalationDue);

        later(SETTINGS.manualReview().escalateAfter().minusSeconds(1));
        assertThat(dueTimers(loan)).as("not escalated a second early").isEmpty();
        later(Duration.ofSeconds(1));
        fireDueTimer(loan, "BoundaryEvent_ReviewOverdue");

        assertThat(taskService.createTaskQuery().taskDefinitionKey(TaskKeys.REVIEW_APPLICATION).count())
                .as("the officer's task is withdrawn").isZero();
        Task escalated = task(TaskKeys.REVIEW_ESCALATED_APPLICATION, loan);
        assertThat(escalated).hasName("Review escalated application").hasCandidateGroup(GROUP_RISK_MANAGERS)
                .hasDueDate(dueIn(SETTINGS.manualReview().managerDueIn()));
        assertThat(candidateGroups(escalated)).containsExactly(GROUP_RISK_MANAGERS);
        assertThat(taskFormData.taskKeys())
                .containsExactly(TaskKeys.REVIEW_APPLICATION, TaskKeys.REVIEW_ESCALATED_APPLICATION);

        submit(escalated, Map.of(VAR_REVIEW_DECISION, "APPROVE"));

        assertThat(taskAudit.taskKeys()).containsExactly(TaskKeys.REVIEW_ESCALATED_APPLICATION);
        assertThat(loan).hasPassed("BoundaryEvent_ReviewOverdue", "Task_ApproveApplication")
                .isWaitingAt("Event_ContractSigned");
        deliverNotices();
    }

    @Test
    void givenReviewEscalated_whenRiskManagerRejects_thenApplicationIsRejectedWithTheManagersReason() {
        ProcessInstance loan = applicationUnderReview();
        later(SETTINGS.manualReview().escalateAfter());
        fireDueTimer(loan, "BoundaryEvent_ReviewOverdue");

        submit(task(TaskKeys.REVIEW_ESCALATED_APPLICATION, loan),
                Map.of(VAR_REVIEW_DECISION, "REJECT", VAR_REVIEW_REASON, "VEHICLE_OWNERSHIP_DOUBT",
                        "reviewComment", "Title held by a leasing company"));

        assertThat(rejectApplication.calledWith(VAR_REVIEW_REASON)).containsExactly("VEHICLE_OWNERSHIP_DOUBT");
        assertThat(taskAudit.taskKeys()).containsExactly(TaskKeys.REVIEW_ESCALATED_APPLICATION);
        deliverNotices();
        assertThat(loan).isEnded().hasPassed("Task_ReviewEscalatedApplication", "EndEvent_ApplicationRejected")
                .hasNotPassed("Task_ApproveApplication");
        assertThat(notices(loan)).containsExactlyInAnyOrder(notice("APPLICATION_RECEIVED"),
                notice("APPLICATION_UNDER_REVIEW"), notice("APPLICATION_REJECTED"));
    }

    // --- application: credit bureau outage ----------------------------------------------------------------------

    @Test
    void givenBureauDown_whenRetriesFollowTheCycle_thenApplicantIsToldOfTheDelayAndCheckCompletesWhenBureauRecovers() {
        List<Duration> waits = ProcessTestTimers.retryIntervals(SETTINGS.creditCheck().retryCycle());
        queryCreditBureau.failing(2, () -> new CreditBureauUnavailableException("Credit bureau answered 503"));
        riskFacts.set(LOAN, applicantMeetingAllCriteria());
        ProcessInstance loan = apply(LOAN);
        Date delayNoticeDue = dueIn(SETTINGS.creditCheck().delayNoticeAfter());
        assertThat(timer(loan, "BoundaryEvent_CreditCheckSlow").getDuedate()).isEqualTo(delayNoticeDue);

        Job bureau = failingAttempt(loan, "Task_QueryCreditBureau", "Credit bureau answered 503");
        assertThat(bureau.getRetries()).isEqualTo(waits.size());
        assertThat(bureau.getDuedate()).isEqualTo(dueIn(waits.get(0)));

        ClockUtil.setCurrentTime(bureau.getDuedate());
        bureau = failingAttempt(loan, "Task_QueryCreditBureau", "Credit bureau answered 503");
        assertThat(bureau.getRetries()).isEqualTo(waits.size() - 1);
        assertThat(bureau.getDuedate()).isEqualTo(dueIn(waits.get(1)));
        Date secondRetry = bureau.getDuedate();

        ClockUtil.setCurrentTime(delayNoticeDue);
        assertThat(dueTimers(loan)).as("next bureau retry not due yet")
                .extracting(Job::getId).doesNotContain(bureau.getId());
        fireDueTimer(loan, "BoundaryEvent_CreditCheckSlow");

        assertThat(notices(loan)).contains(notice("APPLICATION_DELAYED"));
        assertThat(loan).isWaitingAt("Task_QueryCreditBureau").hasNotPassed("Task_PrescreenRisk");

        ClockUtil.setCurrentTime(secondRetry);
        execute(dueJob(loan, "Task_QueryCreditBureau"));

        assertThat(queryCreditBureau.attempts()).isEqualTo(3);
        assertThat(queryCreditBureau.calls()).hasSize(1);
        assertThat(loan).hasPassed("EndEvent_CreditChecked", "Task_ApproveApplication").isWaitingAt("Event_ContractSigned");
        assertThat(runtimeService.createIncidentQuery().processInstanceId(loan.getId()).count()).isZero();
        deliverNotices();
        assertThat(notices(loan)).containsExactlyInAnyOrder(notice("APPLICATION_RECEIVED"),
                notice("APPLICATION_DELAYED"), notice("APPLICATION_APPROVED"));
        assertThat(loan).hasPassed("EndEvent_DelayNoticeHandled");
    }

    @Test
    void givenBureauDownThroughTheWholeCycle_whenLastRetryFails_thenIncidentShowsTheBureauErrorAndNothingIsDecided() {
        List<Duration> waits = ProcessTestTimers.retryIntervals(SETTINGS.creditCheck().retryCycle());
        queryCreditBureau.failing(Integer.MAX_VALUE,
                () -> new CreditBureauUnavailableException("Credit bureau timed out after 10 s"));
        riskFacts.set(LOAN, applicantMeetingAllCriteria());
        ProcessInstance loan = apply(LOAN);

        for (int failure = 1; failure <= waits.size() + 1; failure++) {
            Job bureau = failingAttempt(loan, "Task_QueryCreditBureau", "Credit bureau timed out after 10 s");
            assertThat(bureau.getRetries()).isEqualTo(waits.size() + 1 - failure);
            if (bureau.getRetries() > 0) {
                assertThat(bureau.getDuedate()).isEqualTo(dueIn(waits.get(failure - 1)));
                ClockUtil.setCurrentTime(bureau.getDuedate());
            }
        }

        Incident incident = runtimeService.createIncidentQuery().processInstanceId(loan.getId()).singleResult();
        assertThat(incident).isNotNull();
        assertThat(incident.getIncidentType()).isEqualTo(Incident.FAILED_JOB_HANDLER_TYPE);
        assertThat(incident.getActivityId()).isEqualTo("Task_QueryCreditBureau");
        assertThat(incident.getIncidentMessage()).isEqualTo("Credit bureau timed out after 10 s");
        assertThat(queryCreditBureau.attempts()).isEqualTo(waits.size() + 1);
        assertThat(recordRiskDecision.attempts()).isZero();
        assertThat(loan).isWaitingAt("Task_QueryCreditBureau").hasNotPassed("Task_PrescreenRisk");
    }

    // --- disbursement --------------------------------------------------------------------------------------------

    @Test
    void givenPaymentGatewayDownOnce_whenPayoutIsRetried_thenBorrowerIsToldOfTheDelayAndThenOfTheDisbursement() {
        List<Duration> waits = ProcessTestTimers.retryIntervals(SETTINGS.disbursement().retryCycle());
        disburseLoan.failing(1, () -> new PaymentGatewayUnavailableException("Clearing closed until 10:00"));
        ProcessInstance loan = approvedLoan();
        assertThat(lifecycle.contractSigned(loan.getId())).isTrue();
        Date delayNoticeDue = dueIn(SETTINGS.disbursement().delayNoticeAfter());
        assertThat(timer(loan, "BoundaryEvent_DisbursementSlow").getDuedate()).isEqualTo(delayNoticeDue);

        Job payout = failingAttempt(loan, "Task_PayOutLoan", "Clearing closed until 10:00");

        assertThat(payout.getRetries()).isEqualTo(waits.size());
        assertThat(payout.getDuedate()).isEqualTo(dueIn(waits.get(0)));
        assertThat(payout.getExceptionMessage()).isEqualTo("Clearing closed until 10:00");

        ClockUtil.setCurrentTime(delayNoticeDue);
        fireDueTimer(loan, "BoundaryEvent_DisbursementSlow");

        assertThat(notices(loan)).contains(notice("DISBURSEMENT_DELAYED")).doesNotContain(notice("LOAN_DISBURSED"));
        assertThat(loan).isWaitingAt("Task_PayOutLoan");

        execute(dueJob(loan, "Task_PayOutLoan"));

        assertThat(disburseLoan.attempts()).isEqualTo(2);
        assertThat(disburseLoan.calledWith(VAR_LOAN_ID)).containsExactly(LOAN);
        assertThat(loan).hasPassed("EndEvent_LoanPaidOut", "Gateway_ForkDisbursed").isWaitingAt("Gateway_AwaitRepaymentEvent");
        deliverNotices();
        assertThat(notices(loan)).contains(notice("DISBURSEMENT_DELAYED"), notice("LOAN_DISBURSED"));
        assertThat(loan).hasPassed("EndEvent_DisbursementDelayNoticeHandled", "EndEvent_DisbursedNoticeHandled");
    }

    // --- repayment phase: milestones -----------------------------------------------------------------------------

    @Test
    void givenReminderDue_whenMilestoneTimerFires_thenRepaymentDueNoticeNamesTheInstalmentAndLoanWaitsForTheNext() {
        Instant reminderAt = START.plus(Duration.ofDays(27));
        repaymentCalendar.fallsDueAt(reminderAt);
        ProcessInstance loan = disbursedLoan();
        assertThat(timer(loan, "Event_RepaymentMilestone").getDuedate()).isEqualTo(Date.from(reminderAt));
        Instant nextAt = reminderAt.plus(Duration.ofDays(30));
        repaymentCalendar.fallsDueAt(nextAt);
        dueMilestones.add(new Milestone(Milestone.Kind.REMINDER, 1));

        ClockUtil.setCurrentTime(Date.from(reminderAt));
        fireDueTimer(loan, "Event_RepaymentMilestone");

        assertThat(checkRepaymentMilestone.calledWith(VAR_LOAN_ID)).containsExactly(LOAN);
        assertThat(notices(loan)).contains(new Notice("REPAYMENT_DUE", 1));
        assertThat(loan).isWaitingAt("Gateway_AwaitRepaymentEvent");
        assertThat(timer(loan, "Event_RepaymentMilestone").getDuedate()).isEqualTo(Date.from(nextAt));
        assertThat(taskService.createTaskQuery().processInstanceId(loan.getId()).count()).isZero();
        deliverNotices();
        assertThat(loan).hasPassed("EndEvent_ReminderNoticeHandled");
    }

    @Test
    void givenInstalmentOverdue_whenMilestoneTimerFires_thenBorrowerIsWarnedAndCustomerServiceCallsThem() {
        ProcessInstance loan = disbursedLoan();
        dueMilestones.add(new Milestone(Milestone.Kind.OVERDUE, 2));

        fireMilestoneTimer(loan);

        assertThat(notices(loan)).contains(new Notice("REPAYMENT_OVERDUE", 2));
        assertThat(loan).isWaitingAt("Task_ContactOverdueBorrower", "Gateway_AwaitRepaymentEvent");
        Task call = task(TaskKeys.CONTACT_OVERDUE_BORROWER, loan);
        assertThat(call).hasName("Contact overdue borrower").hasCandidateGroup(GROUP_CUSTOMER_SERVICE)
                .hasDueDate(dueIn(SETTINGS.repayment().collectionsDueIn()));
        assertThat(taskFormData.last().variables()).containsEntry(VAR_INSTALMENT_NUMBER, 2);

        submit(call, Map.of("collectionOutcome", "PROMISE_TO_PAY", "promisedDate", "2025-04-08",
                "collectionNotes", "Salary delayed; pays on the 8th"));

        assertThat(taskAudit.last().taskDefinitionKey()).isEqualTo(TaskKeys.CONTACT_OVERDUE_BORROWER);
        assertThat(taskAudit.last().variables()).containsEntry("collectionOutcome", "PROMISE_TO_PAY");
        assertThat(loan).hasPassed("EndEvent_CollectionsCallDone").hasNotPassed("EndEvent_ArrearsCleared")
                .isWaitingAt("Gateway_AwaitRepaymentEvent");
        deliverNotices();
        assertThat(loan).hasPassed("EndEvent_OverdueNoticeHandled");
    }

    @Test
    void givenCollectionsCallOpen_whenArrearsAreCleared_thenTheTaskClosesItselfWithoutAnAuditEntry() {
        ProcessInstance loan = disbursedLoan();
        dueMilestones.add(new Milestone(Milestone.Kind.OVERDUE, 4));
        fireMilestoneTimer(loan);
        assertThat(task(TaskKeys.CONTACT_OVERDUE_BORROWER, loan)).isNotNull();

        lifecycle.arrearsCleared(loan.getId());

        assertThat(taskService.createTaskQuery().processInstanceId(loan.getId()).count()).isZero();
        assertThat(loan).hasPassed("BoundaryEvent_ArrearsCleared", "EndEvent_ArrearsCleared")
                .hasNotPassed("EndEvent_CollectionsCallDone")
                .isWaitingAt("Gateway_AwaitRepaymentEvent");
        assertThat(taskAudit.taskKeys()).isEmpty();
        assertThat(notices(loan)).contains(new Notice("REPAYMENT_OVERDUE", 4));
        deliverNotices();
    }

    @Test
    void givenNothingDue_whenMilestoneTimerFires_thenNoNoticeNoTaskAndLoanWaitsForTheNextMilestone() {
        ProcessInstance loan = disbursedLoan();
        int noticesBefore = notices(loan).size();
        Instant nextAt = START.plus(Duration.ofDays(60));
        repaymentCalendar.fallsDueAt(nextAt);

        fireMilestoneTimer(loan);

        assertThat(loan).variables().containsEntry(VAR_MILESTONE, "NONE");
        assertThat(notices(loan)).hasSize(noticesBefore);
        assertThat(taskService.createTaskQuery().processInstanceId(loan.getId()).count()).isZero();
        assertThat(loan).isWaitingAt("Gateway_AwaitRepaymentEvent");
        assertThat(timer(loan, "Event_RepaymentMilestone").getDuedate()).isEqualTo(Date.from(nextAt));
    }

    // --- repayment phase: settlement -----------------------------------------------------------------------------

    @Test
    void givenOnlyInterestLeft_whenRepaymentArrives_thenBorrowerIsToldWhatRemainsAndTheNextRepaymentSettles() {
        ProcessInstance loan = disbursedLoan();
        balances.set(LOAN, "0.00", "12.50", "0.00", "0.00", "0.00");

        assertThat(lifecycle.repaymentReceived(loan.getId(), "RP-0007")).isTrue();

        assertThat(loan).variables().containsEntry(VAR_SETTLEMENT_STATE, "PARTIALLY_SETTLED")
                .containsEntry(VAR_REPAYMENT_ID, "RP-0007");
        assertThat(notices(loan)).contains(notice("LOAN_PARTIALLY_SETTLED"));
        assertThat(loan).isWaitingAt("Gateway_AwaitRepaymentEvent");
        assertThat(issueSettlementCertificate.attempts()).isZero();

        balances.set(LOAN, "0.00", "0.00", "0.00", "0.00", "0.00");
        assertThat(lifecycle.repaymentReceived(loan.getId(), "RP-0008")).isTrue();
        execute(job("Task_VerifyLedger", loan));

        assertThat(recordSettlementState.calledWith(VAR_SETTLEMENT_STATE)).containsExactly("PARTIALLY_SETTLED", "SETTLED");
        assertThat(issueSettlementCertificate.calls()).hasSize(1);
        assertThat(loan).isWaitingAt("Task_ReleaseLien");
        deliverNotices();
        assertThat(loan).hasPassed("EndEvent_PartiallySettledNoticeHandled", "EndEvent_SettledNoticeHandled")
                .hasNotPassed("BoundaryEvent_SettlementNoticeSlaPassed");
        assertThat(managementService.createJobQuery().processInstanceId(loan.getId()).timers().count())
                .as("confirmed in time: the SLA timer went with the notice").isZero();
    }

    @Test
    void givenBorrowerPaidTooMuch_whenRepaymentArrives_thenBackOfficeRefundsAndTheLoanIsSettled() {
        ProcessInstance loan = disbursedLoan();
        balances.set(LOAN, "0.00", "0.00", "0.00", "0.00", "150.00");

        assertThat(lifecycle.repaymentReceived(loan.getId(), "RP-0012")).isTrue();

        assertThat(loan).variables().containsEntry(VAR_SETTLEMENT_STATE, "OVERPAID")
                .containsEntry(VAR_NEXT_ACTION, "REFUND_OVERPAYMENT");
        assertThat(notices(loan)).contains(notice("OVERPAYMENT_REFUND"));
        Task refund = task(TaskKeys.REFUND_OVERPAYMENT, loan);
        assertThat(refund).hasName("Refund overpayment").hasCandidateGroup(GROUP_LOAN_SERVICING)
                .hasDueDate(dueIn(SETTINGS.settlement().refundDueIn()));
        assertThat(issueSettlementCertificate.attempts()).as("no certificate before the refund").isZero();

        later(Duration.ofDays(1));
        submit(refund, Map.of("refundReference", "ICBC-20250304-778812", "refundConfirmed", true));
        execute(job("Task_VerifyLedger", loan));

        assertThat(taskAudit.last().variables()).containsEntry("refundReference", "ICBC-20250304-778812");
        assertThat(recordRefund.calledWith("refundReference")).containsExactly("ICBC-20250304-778812");
        assertThat(issueSettlementCertificate.calls()).hasSize(1);
        assertThat(loan).hasPassedInOrder("Task_RefundOverpayment", "Task_RecordRefund", "Task_IssueSettlementCertificate")
                .isWaitingAt("Task_ReleaseLien");
        deliverNotices();
        assertThat(notices(loan)).contains(notice("OVERPAYMENT_REFUND"), notice("LOAN_SETTLED"));
        assertThat(loan).hasPassed("EndEvent_RefundNoticeHandled");
    }

    // --- settlement: ledger verification and the notice SLA ----------------------------------------------------------

    @Test
    void givenOverpaidPayoff_whenTheRefundWaitsForStaff_thenLoanSettledGoesOutAtPayoffAndItsSlaStillEscalates() {
        ProcessInstance loan = disbursedLoan();
        balances.set(LOAN, "0.00", "0.00", "0.00", "0.00", "150.00");

        settlementSla.paidOffAt(ClockUtil.now().toInstant());
        assertThat(lifecycle.repaymentReceived(loan.getId(), "RP-0014")).isTrue();

        assertThat(task(TaskKeys.REFUND_OVERPAYMENT, loan)).as("the refund waits for loan servicing").isNotNull();
        assertThat(notices(loan)).as("told at payoff, not after the refund")
                .contains(notice("LOAN_SETTLED"), notice("OVERPAYMENT_REFUND"));
        assertThat(timer(loan, "BoundaryEvent_SettlementNoticeSlaPassed").getDuedate())
                .as("the SLA counts from the payoff").isEqualTo(settlementSla.deadline());

        later(SETTINGS.settlement().noticeSla());
        fireDueTimer(loan, "BoundaryEvent_SettlementNoticeSlaPassed");

        assertThat(loan).isWaitingAt("Task_RefundOverpayment", "CallActivity_NotifyLoanSettled",
                "Task_SettlementNoticeOverdue");
        assertThat(issueSettlementCertificate.attempts()).as("the certificate still waits for the refund").isZero();
        submit(task(TaskKeys.REFUND_OVERPAYMENT, loan), Map.of("refundReference", "ICBC-20250305-110045",
                "refundConfirmed", true));
        execute(job("Task_VerifyLedger", loan));
        assertThat(issueSettlementCertificate.calls()).hasSize(1);
        deliverNotices();
        assertThat(notices(loan).stream().filter(n -> n.event().equals("LOAN_SETTLED"))).hasSize(1);
    }

    @Test
    void givenLedgerDoesNotVerify_whenTheSlaPassesDuringTheInvestigation_thenTheBorrowerWasToldAtPayoffAnyway() {
        ProcessInstance loan = disbursedLoan();
        balances.set(LOAN, "0.00", "0.00", "0.00", "0.00", "0.00");
        ledgerVerifications.addAll(List.of(false, true));
        settlementSla.paidOffAt(ClockUtil.now().toInstant());
        assertThat(lifecycle.repaymentReceived(loan.getId(), "RP-0021")).isTrue();
        execute(job("Task_VerifyLedger", loan));
        assertThat(task(TaskKeys.INVESTIGATE_LEDGER, loan)).isNotNull();

        assertThat(notices(loan)).as("a broken ledger holds the certificate, not the notice")
                .contains(notice("LOAN_SETTLED"));
        later(SETTINGS.settlement().noticeSla());
        fireDueTimer(loan, "BoundaryEvent_SettlementNoticeSlaPassed");

        assertThat(loan).isWaitingAt("Task_InvestigateLedger", "CallActivity_NotifyLoanSettled",
                "Task_SettlementNoticeOverdue");
        deliverNotices();
    }

    @Test
    void givenLedgerDoesNotVerify_whenLoanIsPaidOff_thenNoCertificateUntilManagersInvestigateAndItVerifies() {
        ProcessInstance loan = disbursedLoan();
        balances.set(LOAN, "0.00", "0.00", "0.00", "0.00", "0.00");
        ledgerVerifications.addAll(List.of(false, false, true));
        assertThat(lifecycle.repaymentReceived(loan.getId(), "RP-0020")).isTrue();

        execute(job("Task_VerifyLedger", loan));

        Task investigate = task(TaskKeys.INVESTIGATE_LEDGER, loan);
        assertThat(investigate).hasName("Investigate ledger").hasCandidateGroup(GROUP_SERVICING_MANAGERS)
                .hasDueDate(dueIn(SETTINGS.settlement().ledgerInvestigationDueIn()));
        assertThat(loan).variables().containsEntry(VAR_LEDGER_VALID, false);
        assertThat(issueSettlementCertificate.attempts()).isZero();
        assertThat(notices(loan)).as("the borrower was told at payoff").contains(notice("LOAN_SETTLED"));

        submit(investigate, Map.of("ledgerFinding", "NOT_YET_RESOLVED",
                "ledgerInvestigationNotes", "Entry 3 differs from the bank statement; IT security ticket SEC-118"));
        execute(job("Task_VerifyLedger", loan));

        Task again = task(TaskKeys.INVESTIGATE_LEDGER, loan);
        assertThat(again.getId()).as("still broken: the managers get it back").isNotEqualTo(investigate.getId());
        assertThat(issueSettlementCertificate.attempts()).isZero();
        submit(again, Map.of("ledgerFinding", "RESTORED_FROM_RECORDS",
                "ledgerInvestigationNotes", "Entry 3 restored from the ICBC statement of 2025-04-02"));
        execute(job("Task_VerifyLedger", loan));

        assertThat(verifyLedger.calls()).hasSize(3);
        assertThat(taskAudit.taskKeys()).containsExactly(TaskKeys.INVESTIGATE_LEDGER, TaskKeys.INVESTIGATE_LEDGER);
        assertThat(taskAudit.last().variables()).containsEntry("ledgerFinding", "RESTORED_FROM_RECORDS");
        assertThat(issueSettlementCertificate.calls()).hasSize(1);
        assertThat(loan).variables().containsEntry(VAR_LEDGER_VALID, true);
        assertThat(loan).isWaitingAt("Task_ReleaseLien");
        deliverNotices();
        assertThat(notices(loan)).contains(notice("LOAN_SETTLED"));
    }

    @Test
    void givenSettlementNoticeNotConfirmed_whenTheSlaPasses_thenServicingManagersFollowUpWhileDeliveryGoesOn() {
        ProcessInstance loan = disbursedLoan();
        balances.set(LOAN, "0.00", "0.00", "0.00", "0.00", "0.00");
        settlementSla.paidOffAt(ClockUtil.now().toInstant());
        assertThat(lifecycle.repaymentReceived(loan.getId(), "RP-0030")).isTrue();
        execute(job("Task_VerifyLedger", loan));
        assertThat(timer(loan, "BoundaryEvent_SettlementNoticeSlaPassed").getDuedate())
                .isEqualTo(settlementSla.deadline());

        later(SETTINGS.settlement().noticeSla().minusSeconds(1));
        assertThat(dueTimers(loan)).as("not escalated a second early").isEmpty();
        later(Duration.ofSeconds(1));
        fireDueTimer(loan, "BoundaryEvent_SettlementNoticeSlaPassed");

        Task overdue = task(TaskKeys.SETTLEMENT_NOTICE_OVERDUE, loan);
        assertThat(overdue).hasName("Settlement notice overdue").hasCandidateGroup(GROUP_SERVICING_MANAGERS)
                .hasDueDate(dueIn(SETTINGS.settlement().noticeOverdueDueIn()));
        assertThat(loan).isWaitingAt("CallActivity_NotifyLoanSettled", "Task_SettlementNoticeOverdue",
                "Task_ReleaseLien");
        assertThat(taskFormData.last().taskDefinitionKey()).isEqualTo(TaskKeys.SETTLEMENT_NOTICE_OVERDUE);

        submit(overdue, Map.of("slaFollowUpOutcome", "BORROWER_INFORMED",
                "slaFollowUpNotes", "Reached by phone; SMS number had changed"));

        assertThat(taskAudit.last().taskDefinitionKey()).isEqualTo(TaskKeys.SETTLEMENT_NOTICE_OVERDUE);
        assertThat(taskAudit.last().variables()).containsEntry("slaFollowUpOutcome", "BORROWER_INFORMED");
        assertThat(loan).hasPassed("EndEvent_SlaFollowedUp").isWaitingAt("CallActivity_NotifyLoanSettled");
        deliverNotices();
        assertThat(loan).hasPassed("EndEvent_SettledNoticeHandled");
    }

    // --- reversals (a bounced bank transfer) ---------------------------------------------------------------------

    @Test
    void givenRepaymentPosted_whenItsTransferBounces_thenBorrowerIsToldAndTheLoanWaitsForRepaymentsAgain() {
        ProcessInstance loan = disbursedLoan();
        balances.set(LOAN, "45000.00", "0.00", "0.00", "0.00", "0.00");
        assertThat(lifecycle.repaymentReceived(loan.getId(), "RP-0040")).isTrue();
        deliverNotices();

        balances.set(LOAN, "50000.00", "0.00", "0.00", "0.00", "0.00");
        assertThat(lifecycle.repaymentReversed(loan.getId(), "RP-0040")).isTrue();

        assertThat(loan).hasPassed("Event_RepaymentReversed", "Task_DecideSettlementAfterReversal", "Gateway_StillPaidOff")
                .isWaitingAt("Gateway_AwaitRepaymentEvent", "CallActivity_NotifyRepaymentReversed")
                .variables().containsEntry(VAR_SETTLEMENT_STATE, "NOT_SETTLED");
        assertThat(recordSettlementState.calledWith(VAR_SETTLEMENT_STATE)).containsExactly("NOT_SETTLED", "NOT_SETTLED");
        assertThat(notices(loan)).contains(new Notice("REPAYMENT_REVERSED", "RP-0040"));
        assertThat(timer(loan, "Event_RepaymentMilestone")).isNotNull();
        deliverNotices();
        assertThat(loan).hasPassed("EndEvent_ReversalNoticeHandled");
    }

    @Test
    void givenSettlementNoticeNotYetSent_whenThePayoffBounces_thenTheStaleNoticeIsWithdrawnAndItsSlaStops() {
        ProcessInstance loan = disbursedLoan();
        balances.set(LOAN, "0.00", "0.00", "0.00", "0.00", "0.00");
        assertThat(lifecycle.repaymentReceived(loan.getId(), "RP-0055")).isTrue();
        execute(job("Task_VerifyLedger", loan));
        String staleNotice = noticeInstance(loan, "LOAN_SETTLED");

        balances.set(LOAN, "48000.00", "350.00", "0.00", "0.00", "0.00");
        assertThat(lifecycle.repaymentReversed(loan.getId(), "RP-0055")).isTrue();

        assertThat(runtimeService.createProcessInstanceQuery().processInstanceId(staleNotice).count())
                .as("the stale LOAN_SETTLED delivery is ended").isZero();
        assertThat(managementService.createJobQuery().processInstanceId(loan.getId())
                .activityId("BoundaryEvent_SettlementNoticeSlaPassed").count()).as("and its SLA timer with it").isZero();
        assertThat(withdrawSettlementNotice.calledWith(VAR_REPAYMENT_ID)).containsExactly("RP-0055");
        assertThat(loan).hasPassed("Event_SettlementUndone", "BoundaryEvent_SettlementUndone",
                "EndEvent_SettlementNoticeWithdrawn").hasNotPassed("EndEvent_SettledNoticeHandled")
                .isWaitingAt("Gateway_AwaitRepaymentEvent", "CallActivity_NotifyRepaymentReversed");
        deliverNotices();
        assertThat(notices(loan)).contains(new Notice("REPAYMENT_REVERSED", "RP-0055"));
    }

    @Test
    void givenSettlementNoticeOverdueWithManagers_whenThePayoffBounces_thenTheirTaskGoesWithTheStaleNotice() {
        ProcessInstance loan = disbursedLoan();
        balances.set(LOAN, "0.00", "0.00", "0.00", "0.00", "0.00");
        settlementSla.paidOffAt(ClockUtil.now().toInstant());
        assertThat(lifecycle.repaymentReceived(loan.getId(), "RP-0056")).isTrue();
        execute(job("Task_VerifyLedger", loan));
        later(SETTINGS.settlement().noticeSla());
        fireDueTimer(loan, "BoundaryEvent_SettlementNoticeSlaPassed");
        assertThat(task(TaskKeys.SETTLEMENT_NOTICE_OVERDUE, loan)).isNotNull();

        balances.set(LOAN, "48000.00", "350.00", "0.00", "0.00", "0.00");
        assertThat(lifecycle.repaymentReversed(loan.getId(), "RP-0056")).isTrue();

        assertThat(taskService.createTaskQuery().processInstanceId(loan.getId())
                .taskDefinitionKey(TaskKeys.SETTLEMENT_NOTICE_OVERDUE).count())
                .as("nobody chases a settlement that no longer stands").isZero();
        assertThat(withdrawSettlementNotice.calledWith(VAR_LOAN_ID)).containsExactly(LOAN);
        assertThat(loan).hasNotPassed("EndEvent_SlaFollowedUp").isWaitingAt("Gateway_AwaitRepaymentEvent");
        deliverNotices();
    }

    @Test
    void givenSettledLoanAwaitingLienRelease_whenThePayoffBounces_thenSettlementStopsAndTheNextPayoffSettlesAgain() {
        ProcessInstance loan = disbursedLoan();
        balances.set(LOAN, "0.00", "0.00", "0.00", "0.00", "0.00");
        assertThat(lifecycle.repaymentReceived(loan.getId(), "RP-0050")).isTrue();
        execute(job("Task_VerifyLedger", loan));
        assertThat(loan).isWaitingAt("Task_ReleaseLien");

        balances.set(LOAN, "48000.00", "350.00", "0.00", "0.00", "0.00");
        assertThat(lifecycle.repaymentReversed(loan.getId(), "RP-0050")).isTrue();

        assertThat(taskService.createTaskQuery().processInstanceId(loan.getId())
                .taskDefinitionKey(TaskKeys.RELEASE_LIEN).count()).as("the lien stays registered").isZero();
        assertThat(loan).hasPassed("BoundaryEvent_ReversedDuringSettlement", "Gateway_StillPaidOff")
                .hasNotPassed("Task_RecordLienRelease", "Task_CloseLoan")
                .isWaitingAt("Gateway_AwaitRepaymentEvent");
        assertThat(recordSettlementState.calledWith(VAR_SETTLEMENT_STATE)).containsExactly("SETTLED", "NOT_SETTLED");
        assertThat(notices(loan)).contains(new Notice("REPAYMENT_REVERSED", "RP-0050"));

        balances.set(LOAN, "0.00", "0.00", "0.00", "0.00", "0.00");
        assertThat(lifecycle.repaymentReceived(loan.getId(), "RP-0051")).isTrue();
        execute(job("Task_VerifyLedger", loan));

        assertThat(issueSettlementCertificate.calls()).hasSize(2);
        assertThat(loan).isWaitingAt("Task_ReleaseLien");
        deliverNotices();
        assertThat(notices(loan).stream().filter(n -> n.event().equals("LOAN_SETTLED"))).hasSize(2);
    }

    @Test
    void givenOverpaidLoanAwaitingRefund_whenTheExtraPaymentBounces_thenNoRefundAndSettlementStartsAgain() {
        ProcessInstance loan = disbursedLoan();
        balances.set(LOAN, "0.00", "0.00", "0.00", "0.00", "150.00");
        assertThat(lifecycle.repaymentReceived(loan.getId(), "RP-0061")).isTrue();
        assertThat(task(TaskKeys.REFUND_OVERPAYMENT, loan)).isNotNull();

        balances.set(LOAN, "0.00", "0.00", "0.00", "0.00", "0.00");
        assertThat(lifecycle.repaymentReversed(loan.getId(), "RP-0061")).isTrue();

        assertThat(taskService.createTaskQuery().processInstanceId(loan.getId())
                .taskDefinitionKey(TaskKeys.REFUND_OVERPAYMENT).count()).as("nothing to refund any more").isZero();
        assertThat(loan).hasPassed("BoundaryEvent_ReversedDuringSettlement", "Gateway_StillPaidOff")
                .isWaitingAt("Task_VerifyLedger").variables().containsEntry(VAR_SETTLEMENT_STATE, "SETTLED");
        execute(job("Task_VerifyLedger", loan));

        assertThat(recordRefund.attempts()).isZero();
        assertThat(issueSettlementCertificate.calls()).hasSize(1);
        assertThat(loan).isWaitingAt("Task_ReleaseLien");
        deliverNotices();
        assertThat(notices(loan)).contains(notice("OVERPAYMENT_REFUND"), new Notice("REPAYMENT_REVERSED", "RP-0061"),
                notice("LOAN_SETTLED"));
    }

    @Test
    void givenLienReleased_whenThePayoffBounces_thenManagersDecideAndTheirReopeningUndoesTheSettlement() {
        ProcessInstance loan = lienReleasedLoan("RP-0070");

        assertThat(lifecycle.repaymentReversedAfterLienRelease(loan.getId(), "RP-0070")).isTrue();

        Task review = task(TaskKeys.REVIEW_LATE_REVERSAL, loan);
        assertThat(review).hasName("Decide on a bounce after lien release (解押后退票)")
                .hasCandidateGroup(GROUP_SERVICING_MANAGERS)
                .hasDueDate(dueIn(SETTINGS.settlement().lateReversalReviewDueIn()));
        assertThat(candidateGroups(review)).containsExactly(GROUP_SERVICING_MANAGERS);
        assertThat(taskFormData.last().taskDefinitionKey()).isEqualTo(TaskKeys.REVIEW_LATE_REVERSAL);
        assertThat(loan).as("nothing reopens by itself").isWaitingAt("Task_FollowUpCall", "Task_ReviewLateReversal")
                .hasNotPassed("BoundaryEvent_ReversedDuringSettlement", "Event_SettlementUndone");
        assertThat(recordSettlementState.calledWith(VAR_SETTLEMENT_STATE)).containsExactly("SETTLED");

        balances.set(LOAN, "48000.00", "350.00", "0.00", "0.00", "0.00");
        submit(review, Map.of(VAR_LATE_REVERSAL_DECISION, "REOPEN_LOAN",
                "lateReversalNotes", "与借款人核实后重新开立，车辆重新办理抵押登记"));

        assertThat(reopenLoan.calledWith(VAR_LOAN_ID)).containsExactly(LOAN);
        assertThat(keepLoanSettled.attempts()).isZero();
        assertThat(taskAudit.last().variables()).containsEntry(VAR_LATE_REVERSAL_DECISION, "REOPEN_LOAN");
        assertThat(loan).hasPassed("EndEvent_LoanReopened", "BoundaryEvent_LoanReopened", "Event_SettlementUndone",
                        "Gateway_StillPaidOff")
                .hasNotPassed("Task_CloseLoan")
                .isWaitingAt("Gateway_AwaitRepaymentEvent", "CallActivity_NotifyRepaymentReversed");
        assertThat(taskService.createTaskQuery().processInstanceId(loan.getId())
                .taskDefinitionKey(TaskKeys.FOLLOW_UP_CALL).count()).as("no follow-up for a reopened loan").isZero();
        assertThat(recordSettlementState.calledWith(VAR_SETTLEMENT_STATE)).containsExactly("SETTLED", "NOT_SETTLED");
        assertThat(notices(loan)).contains(new Notice("REPAYMENT_REVERSED", "RP-0070"));
        deliverNotices();
    }

    @Test
    void givenLienReleased_whenManagersKeepTheLoanSettledDespiteABounce_thenItClosesOnlyOnceTheyHaveDecided() {
        ProcessInstance loan = lienReleasedLoan("RP-0071");
        assertThat(lifecycle.repaymentReversedAfterLienRelease(loan.getId(), "RP-0071")).isTrue();

        submit(task(TaskKeys.FOLLOW_UP_CALL, loan), Map.of("followUpOutcome", "CONFIRMED"));

        assertThat(loan).as("not closed while the managers decide").hasNotPassed("Task_CloseLoan")
                .isWaitingAt("Task_ReviewLateReversal");
        submit(task(TaskKeys.REVIEW_LATE_REVERSAL, loan), Map.of(VAR_LATE_REVERSAL_DECISION, "KEEP_SETTLED",
                "lateReversalNotes", "银行已撤回退票"));

        assertThat(keepLoanSettled.calledWith(VAR_LOAN_ID)).containsExactly(LOAN);
        assertThat(reopenLoan.attempts()).isZero();
        assertThat(closeLoan.calledWith(VAR_LOAN_ID)).containsExactly(LOAN);
        assertThat(loan).hasPassed("EndEvent_LoanKeptSettled", "EndEvent_LoanClosed").isEnded();
    }

    /** Paid off by {@code repaymentId}, every notice so far delivered, the lien released: the follow-up call is open. */
    private ProcessInstance lienReleasedLoan(String repaymentId) {
        ProcessInstance loan = disbursedLoan();
        balances.set(LOAN, "0.00", "0.00", "0.00", "0.00", "0.00");
        assertThat(lifecycle.repaymentReceived(loan.getId(), repaymentId)).isTrue();
        execute(job("Task_VerifyLedger", loan));
        submit(task(TaskKeys.RELEASE_LIEN, loan), Map.of("lienReleaseReference", "SH-VMA-2025-004388"));
        deliverNotices();
        assertThat(task(TaskKeys.FOLLOW_UP_CALL, loan)).isNotNull();
        return loan;
    }

    // --- driving the process -------------------------------------------------------------------------------------

    /** Starts the lifecycle as the application does and runs the asynchronous continuation after the start event. */
    private ProcessInstance apply(String loanId) {
        String id = lifecycle.start(loanId);
        ProcessInstance loan = runtimeService.createProcessInstanceQuery().processInstanceId(id).singleResult();
        assertThat(loan).isWaitingAt("StartEvent_ApplicationReceived");
        assertThat(loan.getBusinessKey()).isEqualTo(loanId);
        execute(job("StartEvent_ApplicationReceived", loan));
        return loan;
    }

    private ProcessInstance applicationUnderReview() {
        riskFacts.set(LOAN, applicantMeetingAllCriteria(Map.of("creditScore", 600)));
        ProcessInstance loan = apply(LOAN);
        execute(job("Task_QueryCreditBureau", loan));
        assertThat(loan).isWaitingAt("Task_ReviewApplication", "CallActivity_NotifyApplicationUnderReview").variables()
                .containsEntry(VAR_RISK_DECISION, "MANUAL_REVIEW").containsEntry(VAR_RISK_REASON, "BORDERLINE_CREDIT_SCORE");
        return loan;
    }

    private ProcessInstance approvedLoan() {
        riskFacts.set(LOAN, applicantMeetingAllCriteria());
        ProcessInstance loan = apply(LOAN);
        execute(job("Task_QueryCreditBureau", loan));
        assertThat(loan).isWaitingAt("Event_ContractSigned");
        return loan;
    }

    /** A loan in its repayment phase, every notice so far delivered. */
    private ProcessInstance disbursedLoan() {
        ProcessInstance loan = approvedLoan();
        assertThat(lifecycle.contractSigned(loan.getId())).isTrue();
        execute(job("Task_PayOutLoan", loan));
        assertThat(loan).isWaitingAt("Gateway_AwaitRepaymentEvent");
        deliverNotices();
        return loan;
    }

    private void fireMilestoneTimer(ProcessInstance loan) {
        ClockUtil.setCurrentTime(timer(loan, "Event_RepaymentMilestone").getDuedate());
        fireDueTimer(loan, "Event_RepaymentMilestone");
    }

    /** Runs the activity's job, which fails; returns the job as the engine left it. */
    private Job failingAttempt(ProcessInstance loan, String activityId, String error) {
        Job job = dueJob(loan, activityId);
        assertThatThrownBy(() -> managementService.executeJob(job.getId())).hasMessageContaining(error);
        Job failed = managementService.createJobQuery().jobId(job.getId()).singleResult();
        assertThat(failed.getExceptionMessage()).isEqualTo(error);
        return failed;
    }

    /** The activity's job, which must be due by the engine clock, as the job executor would find it. */
    private Job dueJob(ProcessInstance loan, String activityId) {
        Job job = managementService.createJobQuery().processInstanceId(loan.getId()).activityId(activityId)
                .executable().singleResult();
        assertThat(job).as("job of %s due at %s", activityId, ClockUtil.getCurrentTime()).isNotNull();
        return job;
    }

    private void fireDueTimer(ProcessInstance loan, String activityId) {
        execute(dueJob(loan, activityId));
    }

    private Job timer(ProcessInstance loan, String activityId) {
        Job timer = managementService.createJobQuery().processInstanceId(loan.getId()).activityId(activityId)
                .timers().singleResult();
        assertThat(timer).as("timer of %s", activityId).isNotNull();
        return timer;
    }

    private List<Job> dueTimers(ProcessInstance loan) {
        return managementService.createJobQuery().processInstanceId(loan.getId()).timers().executable().list();
    }

    /** Runs every notify-borrower job until no notice is left pending, as the job executor would. */
    private void deliverNotices() {
        for (int round = 0; round < 5; round++) {
            List<Job> pending = managementService.createJobQuery().processDefinitionKey(NOTIFY_BORROWER).list();
            if (pending.isEmpty()) {
                return;
            }
            pending.forEach(job -> managementService.executeJob(job.getId()));
        }
        fail("notices still pending after 5 rounds");
    }

    /** Completes the task with what its deployed Camunda Form submits; fails on a field the form does not have. */
    private void submit(Task task, Map<String, Object> formValues) {
        assertThat(formFields(task)).as("fields of the form of %s", task.getTaskDefinitionKey())
                .containsAll(formValues.keySet());
        taskService.complete(task.getId(), formValues);
    }

    /** The keys of the input fields of the Camunda Form Tasklist shows for the task. */
    private List<String> formFields(Task task) {
        try (InputStream form = formService.getDeployedTaskForm(task.getId())) {
            JsonNode components = new ObjectMapper().readTree(form).path("components");
            return StreamSupport.stream(components.spliterator(), false)
                    .map(component -> component.path("key").asText(null))
                    .filter(key -> key != null)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<String> candidateGroups(Task task) {
        return taskService.getIdentityLinksForTask(task.getId()).stream()
                .filter(link -> IdentityLinkType.CANDIDATE.equals(link.getType()))
                .map(IdentityLink::getGroupId)
                .toList();
    }

    /** One notify-borrower instance the loan called: what it was about. */
    private record Notice(String event, Object reference) {
    }

    private static Notice notice(String event) {
        return new Notice(event, null);
    }

    /** The notify-borrower instance the loan started for the event (the only one of it), running or not. */
    private String noticeInstance(ProcessInstance loan, String event) {
        List<String> ids = historyService.createHistoricProcessInstanceQuery().superProcessInstanceId(loan.getId())
                .list().stream()
                .filter(child -> event.equals(historyService.createHistoricVariableInstanceQuery()
                        .processInstanceId(child.getId()).variableName(VAR_NOTICE_EVENT).singleResult().getValue()))
                .map(HistoricProcessInstance::getId)
                .toList();
        assertThat(ids).as("notify-borrower instances for %s", event).hasSize(1);
        return ids.get(0);
    }

    /** The notices the loan has asked for so far; each is for the loan (business key and loanId). */
    private List<Notice> notices(ProcessInstance loan) {
        List<Notice> notices = new ArrayList<>();
        for (HistoricProcessInstance child : historyService.createHistoricProcessInstanceQuery()
                .superProcessInstanceId(loan.getId()).list()) {
            assertThat(child.getProcessDefinitionKey()).isEqualTo(NOTIFY_BORROWER);
            Map<String, Object> variables = historyService.createHistoricVariableInstanceQuery()
                    .processInstanceId(child.getId()).list().stream()
                    .filter(variable -> variable.getValue() != null)
                    .collect(Collectors.toMap(HistoricVariableInstance::getName, HistoricVariableInstance::getValue));
            assertThat(child.getBusinessKey()).isEqualTo(LOAN);
            assertThat(variables).containsEntry(VAR_LOAN_ID, LOAN);
            notices.add(new Notice((String) variables.get(VAR_NOTICE_EVENT), variables.get(VAR_NOTICE_REFERENCE)));
        }
        return notices;
    }

    // --- time ----------------------------------------------------------------------------------------------------

    private static void later(Duration duration) {
        ClockUtil.setCurrentTime(Date.from(ClockUtil.now().toInstant().plus(duration)));
    }

    private static Date dueIn(Duration duration) {
        return Date.from(ClockUtil.now().toInstant().plus(duration));
    }

    // --- test doubles --------------------------------------------------------------------------------------------

    /** Facts an applicant meeting every approval limit of risk-prescreen.dmn has, changed by {@code overrides}. */
    private static Map<String, Object> applicantMeetingAllCriteria(Map<String, Object> overrides) {
        Map<String, Object> facts = new HashMap<>(applicantMeetingAllCriteria());
        facts.putAll(overrides);
        return facts;
    }

    private static Map<String, Object> applicantMeetingAllCriteria() {
        return Map.of("creditScore", 720, "creditRecord", "GOOD", "incomeRatio", 1.0, "debtToIncome", 0.3,
                "loanToValue", 0.6, "vehicleOwnershipVerified", true);
    }

    /** {@code ${riskFacts.of(loanId)…}}: the prescreen inputs each test sets per loan. */
    public static final class RiskFactsDouble {

        private final Map<String, Map<String, Object>> factsByLoan = new HashMap<>();

        void set(String loanId, Map<String, Object> facts) {
            factsByLoan.put(loanId, facts);
        }

        public Map<String, Object> of(String loanId) {
            return factsByLoan.getOrDefault(loanId, Map.of());
        }
    }

    /** {@code ${balances.of(loanId)…}}: the ledger balances each test sets before a repayment arrives. */
    public static final class BalancesDouble {

        private final Map<String, Map<String, BigDecimal>> balancesByLoan = new HashMap<>();

        void set(String loanId, String principal, String interest, String fees, String penalties, String overpaid) {
            balancesByLoan.put(loanId, Map.of("principal", new BigDecimal(principal), "interest", new BigDecimal(interest),
                    "fees", new BigDecimal(fees), "penalties", new BigDecimal(penalties),
                    "overpaid", new BigDecimal(overpaid)));
        }

        public Map<String, BigDecimal> of(String loanId) {
            Map<String, BigDecimal> balances = balancesByLoan.get(loanId);
            if (balances == null) {
                throw new IllegalStateException("no balances set for " + loanId);
            }
            return balances;
        }
    }

    /** {@code ${settlementSla.noticeDeadline(loanId)}}: a fixed SLA from the moment the test says the loan was paid off. */
    public static final class SettlementSlaDouble {

        private Instant paidOffAt = START;

        void paidOffAt(Instant at) {
            this.paidOffAt = at;
        }

        Date deadline() {
            return Date.from(paidOffAt.plus(SETTINGS.settlement().noticeSla()));
        }

        public Date noticeDeadline(String loanId) {
            return deadline();
        }
    }

    /** {@code ${repaymentCalendar.fallsDueAt(loanId)}}: when the repayment phase's timer falls due. */
    public static final class RepaymentCalendarDouble {

        private Instant next;

        void fallsDueAt(Instant next) {
            this.next = next;
        }

        public Date nextMilestoneAt(String loanId) {
            return Date.from(next);
        }
    }

    /** A task listener that records each notification with the variables the task saw. */
    public static final class RecordingTaskListener implements TaskListener {

        record Notification(String taskDefinitionKey, String event, Map<String, Object> variables) {
        }

        private final List<Notification> notifications = new ArrayList<>();

        @Override
        public void notify(DelegateTask task) {
            notifications.add(new Notification(task.getTaskDefinitionKey(), task.getEventName(),
                    Collections.unmodifiableMap(new HashMap<>(task.getVariables()))));
        }

        List<String> taskKeys() {
            return notifications.stream().map(Notification::taskDefinitionKey).toList();
        }

        Notification last() {
            assertThat(notifications).as("notifications").isNotEmpty();
            return notifications.get(notifications.size() - 1);
        }
    }
}
