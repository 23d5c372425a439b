package com.loanflow.notice;

import static com.loanflow.borrower.Channel.EMAIL;
import static com.loanflow.borrower.Channel.IN_APP;
import static com.loanflow.borrower.Channel.SMS;
import static com.loanflow.borrower.Channel.WECHAT;
import static com.loanflow.notice.DeliveryWorld.Reaction.DELIVERS;
import static com.loanflow.notice.DeliveryWorld.Reaction.DELIVERS_BEFORE_SEND_COMMITS;
import static com.loanflow.notice.DeliveryWorld.Reaction.FAILS_PERMANENTLY_AT_SEND;
import static com.loanflow.notice.DeliveryWorld.Reaction.FAILS_TEMPORARILY_AT_SEND;
import static com.loanflow.notice.DeliveryWorld.Reaction.FAILS_TEMPORARILY_BY_RECEIPT;
import static com.loanflow.notice.DeliveryWorld.Reaction.STAYS_SILENT;
import static com.loanflow.process.ExecutionVariables.string;
import static com.loanflow.process.ProcessConstants.GROUP_CUSTOMER_SERVICE;
import static com.loanflow.process.ProcessConstants.GROUP_LOAN_SERVICING;
import static com.loanflow.process.ProcessConstants.GROUP_SERVICING_MANAGERS;
import static com.loanflow.process.ProcessConstants.NOTIFY_BORROWER;
import static com.loanflow.process.ProcessConstants.VAR_ATTEMPT_ID;
import static com.loanflow.process.ProcessConstants.VAR_ATTEMPT_NEEDED;
import static com.loanflow.process.ProcessConstants.VAR_ATTEMPT_OUTCOME;
import static com.loanflow.process.ProcessConstants.VAR_CHANNEL;
import static com.loanflow.process.ProcessConstants.VAR_CHANNEL_LEFT;
import static com.loanflow.process.ProcessConstants.VAR_CONTACT_OUTCOME;
import static com.loanflow.process.ProcessConstants.VAR_DELIVERY_RESULT;
import static com.loanflow.process.ProcessConstants.VAR_LOAN_ID;
import static com.loanflow.process.ProcessConstants.VAR_NOTICE_EVENT;
import static com.loanflow.process.ProcessConstants.VAR_NOTICE_ID;
import static com.loanflow.process.ProcessConstants.VAR_RETRIES_LEFT;
import static com.loanflow.process.ProcessConstants.VAR_STEP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.loanflow.borrower.Channel;
import com.loanflow.notice.DeliveryWorld.Step;
import com.loanflow.process.ProcessTestTimers;
import com.loanflow.process.RecordingDelegate;
import com.loanflow.process.TaskKeys;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.camunda.bpm.engine.FormService;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.TaskListener;
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
 * notify-borrower on the engine alone, with its real decisions (notice-policy, notification-channel-plan) and the
 * deployed "Contact borrower" form. The borrower, the channel providers and the notice store are one scripted
 * {@link DeliveryWorld}: each test says what each provider does with each attempt, the delegate doubles consult it
 * as the real delegates consult DeliveryService, and receipts, read acknowledgements and contact changes reach the
 * process as messages the way the application sends them. Jobs run only when they are due on the engine clock, user
 * tasks are completed with the fields of their form, and the build fails when a flow node or sequence flow of the
 * model is no longer reached by any test.
 */
@Deployment(resources = {
        "bpmn/notify-borrower.bpmn",
        "dmn/notification-channel-plan.dmn",
        "forms/contact-borrower.form"})
class NotifyBorrowerProcessTest {

    @RegisterExtension
    static final ProcessEngineCoverageExtension ENGINE = ProcessEngineCoverageExtension.builder()
            .assertClassCoverageAtLeast(1.0)
            .build();

    /** Monday 09:00 in Shanghai. */
    private static final Instant START = Instant.parse("2025-03-03T01:00:00Z");
    /** Monday 23:30 in Shanghai: the borrower's quiet hours. */
    private static final Instant LATE_EVENING = Instant.parse("2025-03-03T15:30:00Z");
    /** Tuesday 08:00 in Shanghai: the quiet hours are over. */
    private static final Instant NEXT_MORNING = Instant.parse("2025-03-04T00:00:00Z");

    private static final String LOAN = "LN-2025-0001";
    private static final String PHONE = "+8613800138000";
    private static final String CORRECTED_PHONE = "+8613900139000";
    private static final String MAIL = "wang.fang@example.cn";
    private static final String OPEN_ID = "oWx3-4fKq9ZtQm2L";
    private static final List<Duration> NOTICE_RETRY_WAITS =
            ProcessTestTimers.retryIntervals(ProcessTestTimers.SETTINGS.notice().retryCycle());

    private ProcessEngine engine;
    private RuntimeService runtimeService;
    private TaskService taskService;
    private FormService formService;
    private HistoryService historyService;
    private ManagementService managementService;

    private DeliveryWorld world;
    private final List<String> audited = new ArrayList<>();

    private RecordingDelegate prepareNotice;
    private RecordingDelegate selectNextChannel;
    private RecordingDelegate createAttempt;
    private RecordingDelegate sendAttempt;
    private RecordingDelegate assessAttempt;
    private RecordingDelegate recordNoReceipt;
    private RecordingDelegate invalidateContact;
    private RecordingDelegate escalateNotice;
    private RecordingDelegate recordUnreadNotice;
    private RecordingDelegate recordContactOutcome;

    @BeforeEach
    void setUp() {
        BpmnAwareTests.init(engine);
        runtimeService = engine.getRuntimeService();
        taskService = engine.getTaskService();
        formService = engine.getFormService();
        historyService = engine.getHistoryService();
        managementService = engine.getManagementService();
        ClockUtil.setCurrentTime(Date.from(START));
        world = new DeliveryWorld(runtimeService, ProcessTestTimers.ZONE);

        // Each double does to the process what the real delegate of the same name does, against the world.
        prepareNotice = RecordingDelegate.recording().doing(execution -> execution.setVariable(VAR_NOTICE_ID,
                world.createNotice(string(execution, VAR_NOTICE_EVENT), execution.getProcessInstanceId())));
        selectNextChannel = RecordingDelegate.recording().doing(this::selectNextChannel);
        createAttempt = RecordingDelegate.recording().doing(this::createAttempt);
        sendAttempt = RecordingDelegate.recording().doing(execution -> world.send(attemptId(execution)));
        assessAttempt = RecordingDelegate.recording().doing(this::assessAttempt);
        recordNoReceipt = RecordingDelegate.recording().doing(execution -> world.recordNoReceipt(attemptId(execution)));
        invalidateContact = RecordingDelegate.recording()
                .doing(execution -> world.invalidateContact(attemptId(execution)));
        escalateNotice = RecordingDelegate.recording().doing(execution -> world.escalate(noticeId(execution)));
        recordUnreadNotice = RecordingDelegate.recording()
                .doing(execution -> execution.setVariable(VAR_DELIVERY_RESULT, "READ_ACK_MISSING"));
        recordContactOutcome = RecordingDelegate.recording().doing(this::recordContactOutcome);
        TaskListener noticeTaskFormData = task -> task.setVariablesLocal(
                world.formData(string(task, VAR_NOTICE_ID), string(task, VAR_DELIVERY_RESULT)));
        TaskListener taskAudit = task -> audited.add(task.getTaskDefinitionKey() + " "
                + string(task, VAR_CONTACT_OUTCOME));

        Mocks.register("timers", ProcessTestTimers.timers());
        Mocks.register("deliveryFacts", world.facts());
        Mocks.register("deliveryPlans", world.plans());
        Mocks.register("deliveryCalendar", world.calendar());
        Mocks.register("prepareNoticeDelegate", prepareNotice);
        Mocks.register("selectNextChannelDelegate", selectNextChannel);
        Mocks.register("createAttemptDelegate", createAttempt);
        Mocks.register("sendAttemptDelegate", sendAttempt);
        Mocks.register("assessAttemptDelegate", assessAttempt);
        Mocks.register("recordNoReceiptDelegate", recordNoReceipt);
        Mocks.register("invalidateContactDelegate", invalidateContact);
        Mocks.register("escalateNoticeDelegate", escalateNotice);
        Mocks.register("recordUnreadNoticeDelegate", recordUnreadNotice);
        Mocks.register("recordContactOutcomeDelegate", recordContactOutcome);
        Mocks.register("noticeTaskFormDataListener", noticeTaskFormData);
        Mocks.register("taskAuditListener", taskAudit);
    }

    @AfterEach
    void tearDown() {
        try {
            assertThat(world.unusedReactions()).as("provider reactions scripted but never reached").isEmpty();
        } finally {
            Mocks.reset();
            ClockUtil.reset();
            BpmnAwareTests.reset();
        }
    }

    // --- delivered -----------------------------------------------------------------------------------------------

    @Test
    void givenApplicationReceived_whenFirstPlannedChannelConfirmsDelivery_thenNoticeIsConfirmedAfterOneAttempt() {
        world.reachableOn(SMS, PHONE).reachableOn(EMAIL, MAIL).reachableOn(WECHAT, OPEN_ID).prefers(WECHAT, SMS)
                .provider(WECHAT, DELIVERS);

        ProcessInstance notice = requestNotice("APPLICATION_RECEIVED");
        String id = noticeId(notice);

        assertThat(world.plans(id)).singleElement().satisfies(plan -> assertThat(plan).containsExactly(
                new Step(1, WECHAT, 1, Duration.ofMinutes(15)),
                new Step(2, SMS, 2, Duration.ofMinutes(15)),
                new Step(3, EMAIL, 13, Duration.ofHours(2)),
                new Step(4, IN_APP, 99, Duration.ofDays(1))));
        assertThat(world.readAckRequired(id)).isFalse();
        assertThat(notice).isWaitingAt("Event_WaitOutQuietHours").variables()
                .containsEntry("regulatory", false).containsEntry("escalationGroup", GROUP_CUSTOMER_SERVICE)
                .containsEntry("planSteps", 4).containsEntry(VAR_CHANNEL, "WECHAT");
        assertThat(timer(notice, "Event_WaitOutQuietHours").getDuedate()).as("not quiet hours: at once")
                .isEqualTo(Date.from(START));

        sendNextAttempt(notice);

        assertThat(notice).isWaitingAt("Gateway_AwaitReceipt");
        assertThat(timer(notice, "Event_ConfirmationTimeout").getDuedate())
                .isEqualTo(Date.from(START.plus(Duration.ofMinutes(15))));
        assertThat(sendAttempt.calledWith(VAR_ATTEMPT_ID)).containsExactly(world.lastAttempt(id).id());

        later(Duration.ofSeconds(20));
        world.providersReport();

        assertThat(world.attempts(id)).extracting(Object::toString).containsExactly("WECHAT#1 DELIVERED");
        assertThat(notice).hasPassedInOrder("Task_PlanDelivery", "Task_SelectNextChannel", "Task_CreateAttempt",
                        "Task_SendAttempt", "Event_ReceiptArrived", "Task_AssessAttempt", "EndEvent_Confirmed",
                        "EndEvent_NoticeConfirmed")
                .hasNotPassed("Task_EscalateNotice").isEnded();
        assertThat(variable(notice, VAR_DELIVERY_RESULT)).isEqualTo("DELIVERED");
        assertThat(escalateNotice.attempts()).isZero();
    }

    @Test
    void givenProviderBusy_whenFirstSendFails_thenSameChannelIsRetriedAfterTheBackoffAndDelivered() {
        world.reachableOn(SMS, PHONE).reachableOn(EMAIL, MAIL).provider(SMS, FAILS_TEMPORARILY_AT_SEND, DELIVERS);
        ProcessInstance notice = requestNotice("REPAYMENT_DUE");
        String id = noticeId(notice);

        sendNextAttempt(notice);

        assertThat(notice).isWaitingAt("Event_RetryBackoff").variables().containsEntry(VAR_RETRIES_LEFT, true);
        passTimer(notice, "Event_RetryBackoff", START.plus(DeliveryWorld.backoffBefore(2)));
        sendNextAttempt(notice);
        world.providersReport();

        assertThat(world.attempts(id)).extracting(Object::toString)
                .containsExactly("SMS#1 TEMPORARY_FAILURE", "SMS#2 DELIVERED");
        assertThat(world.lastAttempt(id).sentAt()).isEqualTo(START.plus(Duration.ofMinutes(1)));
        assertThat(notice).hasPassed("Gateway_RetriesLeft", "Event_RetryBackoff", "EndEvent_NoticeConfirmed")
                .isEnded();
    }

    @Test
    void givenChannelKeepsFailingTemporarily_whenItsTriesRunOut_thenNextPlannedChannelDelivers() {
        world.reachableOn(SMS, PHONE).reachableOn(EMAIL, MAIL).prefers(SMS)
                .provider(SMS, FAILS_TEMPORARILY_AT_SEND, FAILS_TEMPORARILY_BY_RECEIPT, FAILS_TEMPORARILY_AT_SEND)
                .provider(EMAIL, DELIVERS);
        ProcessInstance notice = requestNotice("APPLICATION_RECEIVED");
        String id = noticeId(notice);

        sendNextAttempt(notice);
        passTimer(notice, "Event_RetryBackoff", now().plus(Duration.ofMinutes(1)));
        sendNextAttempt(notice);
        assertThat(notice).isWaitingAt("Gateway_AwaitReceipt");
        later(Duration.ofMinutes(3));
        world.providersReport();
        passTimer(notice, "Event_RetryBackoff", now().plus(Duration.ofMinutes(5)));
        sendNextAttempt(notice);

        assertThat(notice).variables().containsEntry(VAR_RETRIES_LEFT, false).containsEntry(VAR_CHANNEL, "EMAIL");
        assertThat(managementService.createJobQuery().processInstanceId(notice.getId())
                .activityId("Event_RetryBackoff").count()).as("no fourth SMS try").isZero();
        sendNextAttempt(notice);
        world.providersReport();

        assertThat(world.attempts(id)).extracting(Object::toString).containsExactly("SMS#1 TEMPORARY_FAILURE",
                "SMS#2 TEMPORARY_FAILURE", "SMS#3 TEMPORARY_FAILURE", "EMAIL#1 DELIVERED");
        assertThat(world.contactState(SMS)).as("a temporary failure keeps the number").isEqualTo(DeliveryWorld.VALID);
        assertThat(notice).hasPassed("Event_ReceiptArrived", "EndEvent_NoticeConfirmed").isEnded();
    }

    @Test
    void givenNumberUnknownToTheCarrier_whenSendFailsPermanently_thenNumberIsMarkedInvalidAndNextChannelDelivers() {
        world.reachableOn(SMS, PHONE).reachableOn(EMAIL, MAIL).prefers(SMS)
                .provider(SMS, FAILS_PERMANENTLY_AT_SEND).provider(EMAIL, DELIVERS);
        ProcessInstance notice = requestNotice("APPLICATION_RECEIVED");
        String id = noticeId(notice);

        sendNextAttempt(notice);

        assertThat(world.contactState(SMS)).isEqualTo(DeliveryWorld.INVALID);
        assertThat(invalidateContact.calledWith(VAR_ATTEMPT_ID)).containsExactly(world.attempts(id).get(0).id());
        assertThat(notice).hasNotPassed("Event_RetryBackoff").isWaitingAt("Event_WaitOutQuietHours").variables()
                .containsEntry(VAR_CHANNEL, "EMAIL");
        sendNextAttempt(notice);
        world.providersReport();

        assertThat(world.attempts(id)).extracting(Object::toString)
                .containsExactly("SMS#1 PERMANENT_FAILURE", "EMAIL#1 DELIVERED");
        assertThat(notice).hasPassedInOrder("Task_InvalidateContact", "Task_SelectNextChannel",
                "EndEvent_NoticeConfirmed").isEnded();
    }

    @Test
    void givenProviderSilent_whenConfirmationDeadlinePasses_thenNoReceiptIsRecordedAndNextChannelIsTried() {
        world.reachableOn(SMS, PHONE).reachableOn(EMAIL, MAIL).prefers(SMS)
                .provider(SMS, STAYS_SILENT).provider(EMAIL, DELIVERS);
        ProcessInstance notice = requestNotice("APPLICATION_RECEIVED");
        String id = noticeId(notice);

        sendNextAttempt(notice);
        passTimer(notice, "Event_ConfirmationTimeout", START.plus(Duration.ofMinutes(15)));

        assertThat(recordNoReceipt.calledWith(VAR_ATTEMPT_ID)).containsExactly(world.attempts(id).get(0).id());
        assertThat(notice).variables().containsEntry(VAR_ATTEMPT_OUTCOME, "NO_RECEIPT").containsEntry(VAR_CHANNEL,
                "EMAIL");
        sendNextAttempt(notice);
        assertThat(timer(notice, "Event_ConfirmationTimeout").getDuedate()).as("e-mail waits longer for its receipt")
                .isEqualTo(Date.from(now().plus(Duration.ofHours(2))));
        later(Duration.ofMinutes(40));
        world.providersReport();

        assertThat(world.attempts(id)).extracting(Object::toString)
                .containsExactly("SMS#1 NO_RECEIPT", "EMAIL#1 DELIVERED");
        assertThat(world.contactState(SMS)).as("silence is no proof the number is wrong").isEqualTo(DeliveryWorld.VALID);
        assertThat(notice).hasPassedInOrder("Event_ConfirmationTimeout", "Task_RecordNoReceipt", "Task_AssessAttempt",
                "Task_SelectNextChannel", "EndEvent_NoticeConfirmed").isEnded();
    }

    @Test
    void givenLateReceiptForAnEarlierAttempt_whenWaitingForTheCurrentOne_thenOnlyTheAwaitedReceiptMovesTheNotice() {
        world.reachableOn(SMS, PHONE).reachableOn(EMAIL, MAIL).prefers(SMS)
                .provider(SMS, STAYS_SILENT).provider(EMAIL, DELIVERS);
        ProcessInstance notice = requestNotice("APPLICATION_RECEIVED");
        String id = noticeId(notice);
        sendNextAttempt(notice);
        passTimer(notice, "Event_ConfirmationTimeout", START.plus(Duration.ofMinutes(15)));
        sendNextAttempt(notice);
        String smsAttempt = world.attempts(id).get(0).id();

        later(Duration.ofMinutes(10));
        world.receiptArrives(smsAttempt, DeliveryWorld.Status.TEMPORARY_FAILURE);

        assertThat(notice).isWaitingAt("Gateway_AwaitReceipt").hasNotPassed("Event_ReceiptArrived");
        assertThat(timer(notice, "Event_ConfirmationTimeout")).isNotNull();
        assertThat(assessAttempt.calls()).hasSize(3);

        later(Duration.ofMinutes(10));
        world.providersReport();

        assertThat(assessAttempt.calledWith(VAR_ATTEMPT_ID)).last().isEqualTo(world.lastAttempt(id).id());
        assertThat(managementService.createJobQuery().processInstanceId(notice.getId()).count()).isZero();
        assertThat(notice).hasPassedInOrder("Event_ReceiptArrived", "Task_AssessAttempt", "EndEvent_Confirmed",
                "EndEvent_NoticeConfirmed").isEnded();
        assertThat(world.triedChannels(id)).containsExactly(SMS, EMAIL);
    }

    @Test
    void givenReceiptCameBeforeTheSendCommitted_whenSent_thenDeliveredWithoutWaitingForAReceipt() {
        world.reachableOn(SMS, PHONE).provider(SMS, DELIVERS_BEFORE_SEND_COMMITS);
        ProcessInstance notice = requestNotice("APPLICATION_RECEIVED");

        sendNextAttempt(notice);

        assertThat(notice).hasPassedInOrder("Task_SendAttempt", "Task_AssessAttempt", "EndEvent_Confirmed",
                "EndEvent_NoticeConfirmed").hasNotPassed("Gateway_AwaitReceipt").isEnded();
        assertThat(world.triedChannels(noticeId(notice))).containsExactly(SMS);
    }

    // --- read acknowledgement ------------------------------------------------------------------------------------

    @Test
    void givenSettlementNotice_whenDeliveredAndBorrowerAcknowledgesReading_thenNoticeEndsReadWithoutAStaffTask() {
        world.reachableOn(SMS, PHONE).reachableOn(EMAIL, MAIL).provider(SMS, DELIVERS);
        ProcessInstance notice = requestNotice("LOAN_SETTLED");
        String id = noticeId(notice);
        assertThat(world.readAckRequired(id)).isTrue();
        assertThat(world.planChannels(id, 1)).containsExactly(SMS, EMAIL, IN_APP);

        sendNextAttempt(notice);
        later(Duration.ofSeconds(30));
        world.providersReport();

        Instant deliveredAt = now();
        assertThat(world.deliveredAt(id)).isEqualTo(deliveredAt);
        assertThat(notice).isWaitingAt("Event_ReadAckTimeout").hasNotPassed("EndEvent_Confirmed");
        assertThat(timer(notice, "Event_ReadAckTimeout").getDuedate()).as("two days for 已读")
                .isEqualTo(Date.from(deliveredAt.plus(Duration.ofDays(2))));

        later(Duration.ofHours(5));
        world.borrowerReads(id);

        assertThat(notice).hasPassedInOrder("BoundaryEvent_ConfirmedDuringDelivery", "EndEvent_ConfirmedDuringDelivery")
                .hasNotPassed("Task_RecordUnread", "Task_EscalateNotice").isEnded();
        assertThat(world.triedChannels(id)).containsExactly(SMS);
    }

    @Test
    void givenSettlementNoticeDelivered_whenReadAcknowledgementDoesNotCome_thenLoanServicingMustContactTheBorrower() {
        world.reachableOn(SMS, PHONE).provider(SMS, DELIVERS);
        ProcessInstance notice = requestNotice("LOAN_SETTLED");
        String id = noticeId(notice);
        sendNextAttempt(notice);
        later(Duration.ofSeconds(30));
        world.providersReport();

        passTimer(notice, "Event_ReadAckTimeout", world.deliveredAt(id).plus(Duration.ofDays(2)));

        Task contact = task(TaskKeys.CONTACT_BORROWER, notice);
        assertThat(contact).hasName("Contact borrower")
                .hasDueDate(Date.from(now().plus(Duration.ofHours(24))));
        assertThat(candidateGroups(contact)).containsExactly(GROUP_LOAN_SERVICING);
        assertThat(taskService.getVariablesLocal(contact.getId()))
                .containsEntry("escalationReason", "delivered but not acknowledged as read")
                .containsEntry("attemptsSummary", "SMS#1 DELIVERED");
        assertThat(notice).hasPassedInOrder("Event_ReadAckTimeout", "Task_RecordUnread", "EndEvent_Unread",
                "Task_EscalateNotice").hasNotPassed("EndEvent_NoticeConfirmed");
        assertThat(world.escalations(id)).isOne();

        submit(contact, Map.of(VAR_CONTACT_OUTCOME, "REACHED_BY_PHONE", "contactNote", "Read it to her; she has it"));

        assertThat(audited).containsExactly("Task_ContactBorrower REACHED_BY_PHONE");
        assertThat(world.staffOutcome(id)).isEqualTo("REACHED_BY_PHONE");
        assertThat(notice).hasPassed("EndEvent_ResolvedByStaff").isEnded();
    }

    @Test
    void givenReceiptWhoseNudgeWasLost_whenConfirmationDeadlinePasses_thenStoredReceiptWinsAndReadWaitCountsFromDelivery() {
        world.reachableOn(SMS, PHONE).provider(SMS, DELIVERS);
        ProcessInstance notice = requestNotice("LOAN_SETTLED");
        String id = noticeId(notice);
        sendNextAttempt(notice);
        later(Duration.ofMinutes(2));
        Instant deliveredAt = now();
        world.providersReportUnannounced();
        assertThat(notice).isWaitingAt("Gateway_AwaitReceipt");

        passTimer(notice, "Event_ConfirmationTimeout", START.plus(Duration.ofMinutes(15)));

        assertThat(world.attempts(id)).extracting(Object::toString).as("the receipt is not overwritten")
                .containsExactly("SMS#1 DELIVERED");
        assertThat(notice).hasPassedInOrder("Task_RecordNoReceipt", "Task_AssessAttempt", "Gateway_Confirmed")
                .hasNotPassed("Event_ReceiptArrived").isWaitingAt("Event_ReadAckTimeout")
                .variables().containsEntry(VAR_ATTEMPT_OUTCOME, "DELIVERED");
        assertThat(timer(notice, "Event_ReadAckTimeout").getDuedate()).as("two days from delivery, not from now")
                .isEqualTo(Date.from(deliveredAt.plus(Duration.ofDays(2))));
        assertThat(world.triedChannels(id)).containsExactly(SMS);
    }

    // --- staff take over ------------------------------------------------------------------------------------------

    @Test
    void givenEveryChannelFails_whenChannelsRunOut_thenCustomerServiceContactsTheBorrowerAndReachesThemByPhone() {
        ProcessInstance notice = noticeNobodyConfirmed("APPLICATION_RECEIVED");
        String id = noticeId(notice);

        Task contact = task(TaskKeys.CONTACT_BORROWER, notice);
        assertThat(contact).hasName("Contact borrower").hasDueDate(Date.from(now().plus(Duration.ofHours(24))));
        assertThat(candidateGroups(contact)).containsExactly(GROUP_CUSTOMER_SERVICE);
        assertThat(formFields(contact)).contains("noticeText", "attemptsSummary", "contactsSummary",
                VAR_CONTACT_OUTCOME, "correctedPhone");
        assertThat(taskService.getVariablesLocal(contact.getId()))
                .containsEntry("escalationReason", "every channel failed or stayed silent")
                .containsEntry("attemptsSummary", "SMS#1 PERMANENT_FAILURE\nIN_APP#1 NO_RECEIPT")
                .containsEntry("contactsSummary", "SMS " + PHONE + " INVALID");
        assertThat(notice).hasPassedInOrder("Task_SelectNextChannel", "EndEvent_ChannelsExhausted",
                "Task_EscalateNotice").variables().containsEntry(VAR_CHANNEL_LEFT, false);
        assertThat(world.escalations(id)).isOne();

        later(Duration.ofHours(2));
        submit(contact, Map.of(VAR_CONTACT_OUTCOME, "REACHED_BY_PHONE", "contactNote", "Called at 11:00"));

        assertThat(audited).containsExactly("Task_ContactBorrower REACHED_BY_PHONE");
        assertThat(recordContactOutcome.calls()).hasSize(1);
        assertThat(notice).hasPassedInOrder("Task_RecordContactOutcome", "EndEvent_Reached",
                "EndEvent_ResolvedByStaff").isEnded();
        assertThat(world.plans(id)).as("no new delivery").hasSize(1);
    }

    @Test
    void givenStaffCorrectedThePhoneNumber_whenTaskIsCompleted_thenNoticeIsPlannedAgainAndDeliveredOnTheNewNumber() {
        ProcessInstance notice = noticeNobodyConfirmed("APPLICATION_RECEIVED");
        String id = noticeId(notice);
        world.provider(SMS, DELIVERS);

        submit(task(TaskKeys.CONTACT_BORROWER, notice), Map.of(VAR_CONTACT_OUTCOME, "CONTACTS_CORRECTED",
                "correctedPhone", CORRECTED_PHONE, "contactNote", "New number since January"));

        assertThat(world.contactState(SMS)).isEqualTo(DeliveryWorld.VALID);
        assertThat(world.address(SMS)).isEqualTo(CORRECTED_PHONE);
        assertThat(world.plans(id)).hasSize(2);
        assertThat(world.plans(id).get(1)).as("the corrected number first").containsExactly(
                new Step(1, SMS, 0, Duration.ofMinutes(15)),
                new Step(2, IN_APP, 99, Duration.ofDays(1)));
        assertThat(notice).isWaitingAt("Event_WaitOutQuietHours").variables().containsEntry(VAR_CHANNEL, "SMS");

        sendNextAttempt(notice);
        world.providersReport();

        assertThat(world.lastAttempt(id).address()).isEqualTo(CORRECTED_PHONE);
        assertThat(world.lastAttempt(id).planRevision()).isEqualTo(2);
        assertThat(world.attempts(id)).extracting(Object::toString)
                .containsExactly("SMS#1 PERMANENT_FAILURE", "IN_APP#1 NO_RECEIPT", "SMS#1 DELIVERED");
        assertThat(notice).hasPassed("Task_RecordContactOutcome").hasNotPassed("EndEvent_ResolvedByStaff",
                "Event_RetryUnreachable").isEnded();
        assertThat(variable(notice, VAR_DELIVERY_RESULT)).isEqualTo("DELIVERED");
        assertThat(notice).hasPassed("EndEvent_NoticeConfirmed");
    }

    @Test
    void givenStaffCouldNotReachTheBorrower_whenTheRetryWaitIsOver_thenNoticeIsPlannedAndSentAgain() {
        ProcessInstance notice = noticeNobodyConfirmed("APPLICATION_RECEIVED");
        String id = noticeId(notice);
        world.provider(IN_APP, DELIVERS);

        submit(task(TaskKeys.CONTACT_BORROWER, notice), Map.of(VAR_CONTACT_OUTCOME, "UNREACHABLE",
                "contactNote", "Phone switched off"));

        assertThat(notice).isWaitingAt("Event_RetryUnreachable");
        assertThat(world.plans(id)).hasSize(1);
        passTimer(notice, "Event_RetryUnreachable", now().plus(DeliveryWorld.UNREACHABLE_RETRY_AFTER));

        assertThat(world.plans(id)).hasSize(2);
        assertThat(world.planChannels(id, 2)).as("the number stays invalid").containsExactly(IN_APP);
        sendNextAttempt(notice);
        world.providersReport();

        assertThat(world.triedChannels(id)).containsExactly(SMS, IN_APP, IN_APP);
        assertThat(notice).hasPassedInOrder("Event_RetryUnreachable", "Task_PlanDelivery", "EndEvent_NoticeConfirmed")
                .isEnded();
    }

    @Test
    void givenRetryAfterUnreachableWaiting_whenBorrowerReadsMeanwhile_thenTheWaitEndsAndNothingMoreIsSent() {
        ProcessInstance notice = noticeNobodyConfirmed("APPLICATION_RECEIVED");
        String id = noticeId(notice);
        submit(task(TaskKeys.CONTACT_BORROWER, notice), Map.of(VAR_CONTACT_OUTCOME, "UNREACHABLE"));
        assertThat(notice).isWaitingAt("Event_RetryUnreachable");

        later(Duration.ofHours(1));
        world.borrowerReads(id);

        assertThat(notice).hasPassedInOrder("Event_RetryUnreachable", "BoundaryEvent_ConfirmedDuringContact",
                "EndEvent_ConfirmedDuringContact").isEnded();
        assertThat(world.triedChannels(id)).containsExactly(SMS, IN_APP);
    }

    @Test
    void givenContactTaskNotDoneWithinItsSla_whenSlaPasses_thenServicingManagersTakeItOver() {
        ProcessInstance notice = noticeNobodyConfirmed("REPAYMENT_OVERDUE");
        Instant created = now();
        Task contact = task(TaskKeys.CONTACT_BORROWER, notice);
        assertThat(contact).hasDueDate(Date.from(created.plus(Duration.ofHours(8))));
        assertThat(candidateGroups(contact)).containsExactly(GROUP_CUSTOMER_SERVICE);

        passTimer(notice, "BoundaryEvent_ContactSlaPassed", created.plus(Duration.ofHours(8)));

        assertThat(taskService.createTaskQuery().taskId(contact.getId()).count()).as("first task withdrawn").isZero();
        Task escalated = task(TaskKeys.CONTACT_BORROWER_ESCALATED, notice);
        assertThat(escalated).hasName("Contact borrower (escalated)")
                .hasDueDate(Date.from(now().plus(Duration.ofHours(8))));
        assertThat(candidateGroups(escalated)).containsExactly(GROUP_SERVICING_MANAGERS);
        assertThat(taskService.getVariablesLocal(escalated.getId()))
                .containsEntry("attemptsSummary", "SMS#1 PERMANENT_FAILURE\nIN_APP#1 NO_RECEIPT");
        assertThat(formFields(escalated)).contains(VAR_CONTACT_OUTCOME);

        submit(escalated, Map.of(VAR_CONTACT_OUTCOME, "REACHED_BY_PHONE", "contactNote", "Manager called"));

        assertThat(audited).containsExactly("Task_ContactBorrowerEscalated REACHED_BY_PHONE");
        assertThat(notice).hasPassedInOrder("BoundaryEvent_ContactSlaPassed", "Task_ContactBorrowerEscalated",
                "Task_RecordContactOutcome", "EndEvent_Reached", "EndEvent_ResolvedByStaff").isEnded();
    }

    // --- quiet hours ----------------------------------------------------------------------------------------------

    @Test
    void givenLateEvening_whenNonUrgentNoticeIsRequested_thenFirstSendWaitsUntilQuietHoursEnd() {
        ClockUtil.setCurrentTime(Date.from(LATE_EVENING));
        world.quietHoursNow(true);
        world.reachableOn(SMS, PHONE).provider(SMS, DELIVERS);
        ProcessInstance notice = requestNotice("APPLICATION_RECEIVED");
        String id = noticeId(notice);

        assertThat(notice).isWaitingAt("Event_WaitOutQuietHours");
        assertThat(managementService.createJobQuery().processInstanceId(notice.getId()).executable().count())
                .as("nothing to do during the night").isZero();
        assertThat(world.attempts(id)).isEmpty();

        passTimer(notice, "Event_WaitOutQuietHours", NEXT_MORNING);
        world.quietHoursNow(false);
        execute(dueJob(notice, "Task_SendAttempt"));
        world.providersReport();

        assertThat(world.lastAttempt(id).sentAt()).isEqualTo(NEXT_MORNING);
        assertThat(notice).hasPassed("EndEvent_NoticeConfirmed").isEnded();
    }

    @Test
    void givenLateEvening_whenRepaymentIsReceived_thenItsReceiptIsSentAtOnce() {
        ClockUtil.setCurrentTime(Date.from(LATE_EVENING));
        world.quietHoursNow(true);
        world.reachableOn(SMS, PHONE).provider(SMS, DELIVERS);
        ProcessInstance notice = requestNotice("REPAYMENT_RECEIVED");
        String id = noticeId(notice);

        assertThat(notice).variables().containsEntry("respectQuietHours", false);
        assertThat(timer(notice, "Event_WaitOutQuietHours").getDuedate()).isEqualTo(Date.from(LATE_EVENING));
        sendNextAttempt(notice);
        world.providersReport();

        assertThat(world.lastAttempt(id).sentAt()).isEqualTo(LATE_EVENING);
        assertThat(notice).hasPassed("EndEvent_NoticeConfirmed").isEnded();
    }

    // --- the borrower acts meanwhile ------------------------------------------------------------------------------

    @Test
    void givenRetryWaitingAfterTemporaryFailure_whenBorrowerReadsTheNoticeInTheApp_thenDeliveryStopsAsRead() {
        world.reachableOn(SMS, PHONE).provider(SMS, FAILS_TEMPORARILY_AT_SEND);
        ProcessInstance notice = requestNotice("APPLICATION_RECEIVED");
        String id = noticeId(notice);
        sendNextAttempt(notice);
        assertThat(notice).isWaitingAt("Event_RetryBackoff");

        later(Duration.ofSeconds(40));
        world.borrowerReads(id);

        assertThat(notice).hasPassed("BoundaryEvent_ConfirmedDuringDelivery", "EndEvent_ConfirmedDuringDelivery")
                .hasNotPassed("EndEvent_NoticeConfirmed").isEnded();
        assertThat(managementService.createJobQuery().processInstanceId(notice.getId()).count()).isZero();
        assertThat(world.triedChannels(id)).containsExactly(SMS);
    }

    @Test
    void givenStaffTaskOpen_whenBorrowerReadsTheNotice_thenTaskClosesByItselfAndNoticeEndsRead() {
        ProcessInstance notice = noticeNobodyConfirmed("APPLICATION_RECEIVED");
        String id = noticeId(notice);

        later(Duration.ofHours(3));
        world.borrowerReads(id);

        assertThat(taskService.createTaskQuery().processInstanceId(notice.getId()).count()).isZero();
        assertThat(audited).isEmpty();
        assertThat(notice).hasPassed("BoundaryEvent_ConfirmedDuringContact", "EndEvent_ConfirmedDuringContact")
                .hasNotPassed("Task_RecordContactOutcome").isEnded();
    }

    // --- confirmations that come at any moment (issue 10, hole 7) ----------------------------------------------

    @Test
    void givenRetryBackoffOnTheNextChannel_whenTheEarlierSmsIsReportedDelivered_thenDeliveryEndsWithoutAnotherSend() {
        world.reachableOn(SMS, PHONE).reachableOn(EMAIL, MAIL).prefers(SMS)
                .provider(SMS, STAYS_SILENT).provider(EMAIL, FAILS_TEMPORARILY_AT_SEND);
        ProcessInstance notice = requestNotice("APPLICATION_RECEIVED");
        String id = noticeId(notice);
        sendNextAttempt(notice);
        passTimer(notice, "Event_ConfirmationTimeout", START.plus(Duration.ofMinutes(15)));
        sendNextAttempt(notice);
        assertThat(notice).isWaitingAt("Event_RetryBackoff");

        later(Duration.ofSeconds(30));
        world.receiptArrives(world.attempts(id).get(0).id(), DeliveryWorld.Status.DELIVERED);

        assertThat(notice).hasPassedInOrder("Event_RetryBackoff", "BoundaryEvent_ConfirmedDuringDelivery",
                "EndEvent_ConfirmedDuringDelivery").isEnded();
        assertThat(managementService.createJobQuery().processInstanceId(notice.getId()).count()).isZero();
        assertThat(world.triedChannels(id)).containsExactly(SMS, EMAIL);
    }

    @Test
    void givenStaffTaskOpen_whenALateReceiptReportsTheMessageCenterCopyDelivered_thenTheTaskClosesByItself() {
        ProcessInstance notice = noticeNobodyConfirmed("APPLICATION_RECEIVED");
        String id = noticeId(notice);

        later(Duration.ofHours(2));
        world.receiptArrives(world.lastAttempt(id).id(), DeliveryWorld.Status.DELIVERED);

        assertThat(taskService.createTaskQuery().processInstanceId(notice.getId()).count()).isZero();
        assertThat(audited).isEmpty();
        assertThat(notice).hasPassed("BoundaryEvent_ConfirmedDuringContact", "EndEvent_ConfirmedDuringContact")
                .hasNotPassed("Task_RecordContactOutcome").isEnded();
    }

    @Test
    void givenDeliveryStoredWhileTheNudgeWasLost_whenTheBackoffPasses_thenNoNewAttemptIsCreated() {
        world.reachableOn(SMS, PHONE).reachableOn(EMAIL, MAIL).prefers(SMS)
                .provider(SMS, DELIVERS).provider(EMAIL, FAILS_TEMPORARILY_AT_SEND);
        ProcessInstance notice = requestNotice("APPLICATION_RECEIVED");
        String id = noticeId(notice);
        sendNextAttempt(notice);
        passTimer(notice, "Event_ConfirmationTimeout", START.plus(Duration.ofMinutes(15)));
        sendNextAttempt(notice);
        world.providersReportUnannounced();
        assertThat(notice).as("nobody told the process").isWaitingAt("Event_RetryBackoff");

        passTimer(notice, "Event_RetryBackoff", now().plus(DeliveryWorld.backoffBefore(2)));
        execute(dueJob(notice, "Event_WaitOutQuietHours"));

        assertThat(world.attempts(id)).extracting(Object::toString)
                .containsExactly("SMS#1 DELIVERED", "EMAIL#1 TEMPORARY_FAILURE");
        assertThat(notice).hasPassedInOrder("Task_CreateAttempt", "Gateway_AttemptNeeded", "Gateway_Confirmed",
                "EndEvent_Confirmed", "EndEvent_NoticeConfirmed").isEnded();
        assertThat(variable(notice, VAR_DELIVERY_RESULT)).isEqualTo("DELIVERED");
        assertThat(sendAttempt.attempts()).as("send jobs run").isEqualTo(2);
    }

    @Test
    void givenSettlementNoticeDeliveredDuringABackoff_whenTheBackoffPasses_thenItWaitsForTheReadInsteadOfSending() {
        world.reachableOn(SMS, PHONE).reachableOn(EMAIL, MAIL)
                .provider(SMS, STAYS_SILENT).provider(EMAIL, FAILS_TEMPORARILY_AT_SEND);
        ProcessInstance notice = requestNotice("LOAN_SETTLED");
        String id = noticeId(notice);
        assertThat(world.planChannels(id, 1)).containsExactly(SMS, EMAIL, IN_APP);
        sendNextAttempt(notice);
        passTimer(notice, "Event_ConfirmationTimeout", timer(notice, "Event_ConfirmationTimeout").getDuedate()
                .toInstant());
        sendNextAttempt(notice);
        later(Duration.ofSeconds(20));
        Instant deliveredAt = now();
        world.receiptArrives(world.attempts(id).get(0).id(), DeliveryWorld.Status.DELIVERED);
        assertThat(notice).as("delivered is not read: nothing to end yet").isWaitingAt("Event_RetryBackoff");

        passTimer(notice, "Event_RetryBackoff", timer(notice, "Event_RetryBackoff").getDuedate().toInstant());
        execute(dueJob(notice, "Event_WaitOutQuietHours"));

        assertThat(notice).hasPassedInOrder("Gateway_AttemptNeeded", "Gateway_Confirmed")
                .isWaitingAt("Event_ReadAckTimeout");
        assertThat(timer(notice, "Event_ReadAckTimeout").getDuedate())
                .isEqualTo(Date.from(deliveredAt.plus(Duration.ofDays(2))));
        assertThat(world.triedChannels(id)).containsExactly(SMS, EMAIL);
    }

    @Test
    void givenDeliveryUnderWay_whenBorrowerAddsWechat_thenDeliveryStartsAgainWithWechatFirst() {
        world.reachableOn(EMAIL, MAIL).reachableOn(SMS, PHONE).prefers(EMAIL)
                .provider(EMAIL, FAILS_PERMANENTLY_AT_SEND).provider(SMS, STAYS_SILENT).provider(WECHAT, DELIVERS);
        ProcessInstance notice = requestNotice("APPLICATION_RECEIVED");
        String id = noticeId(notice);
        assertThat(world.planChannels(id, 1)).containsExactly(EMAIL, SMS, IN_APP);
        sendNextAttempt(notice);
        sendNextAttempt(notice);
        assertThat(notice).isWaitingAt("Gateway_AwaitReceipt").variables().containsEntry(VAR_CHANNEL, "SMS");

        later(Duration.ofMinutes(5));
        world.borrowerChangesContact(WECHAT, OPEN_ID);

        assertThat(world.plans(id)).hasSize(2);
        assertThat(world.plans(id).get(1)).as("new details first, the bounced e-mail left out").containsExactly(
                new Step(1, WECHAT, 0, Duration.ofMinutes(15)),
                new Step(2, SMS, 10, Duration.ofMinutes(15)),
                new Step(3, IN_APP, 99, Duration.ofDays(1)));
        assertThat(managementService.createJobQuery().processInstanceId(notice.getId())
                .activityId("Event_ConfirmationTimeout").count()).as("the wait for the SMS receipt is over").isZero();
        assertThat(notice).hasPassed("BoundaryEvent_ContactsChangedDuringDelivery")
                .isWaitingAt("Event_WaitOutQuietHours").variables().containsEntry(VAR_CHANNEL, "WECHAT");
        sendNextAttempt(notice);
        world.providersReport();

        assertThat(world.triedChannels(id)).containsExactly(EMAIL, SMS, WECHAT);
        assertThat(notice).hasPassed("EndEvent_NoticeConfirmed").isEnded();
    }

    @Test
    void givenStaffTaskOpen_whenBorrowerUpdatesTheirPhoneNumber_thenTaskClosesAndNoticeIsSentOnTheNewNumber() {
        ProcessInstance notice = noticeNobodyConfirmed("APPLICATION_RECEIVED");
        String id = noticeId(notice);
        world.provider(SMS, DELIVERS);

        later(Duration.ofHours(1));
        world.borrowerChangesContact(SMS, CORRECTED_PHONE);

        assertThat(taskService.createTaskQuery().processInstanceId(notice.getId()).count()).isZero();
        assertThat(audited).isEmpty();
        assertThat(world.plans(id)).hasSize(2);
        assertThat(world.plans(id).get(1)).extracting(Step::channel, Step::rank)
                .containsExactly(tuple(SMS, 0.0), tuple(IN_APP, 99.0));
        sendNextAttempt(notice);
        world.providersReport();

        assertThat(world.lastAttempt(id).address()).isEqualTo(CORRECTED_PHONE);
        assertThat(notice).hasPassed("BoundaryEvent_ContactsChangedDuringContact", "EndEvent_NoticeConfirmed")
                .hasNotPassed("Task_RecordContactOutcome").isEnded();
    }

    // --- channel plan --------------------------------------------------------------------------------------------

    @Test
    void givenBorrowerOptedOutOfSms_whenNoticesArePlanned_thenOnlyRegulatoryNoticesStillGoBySms() {
        world.reachableOn(SMS, PHONE).reachableOn(WECHAT, OPEN_ID).reachableOn(EMAIL, MAIL)
                .prefers(SMS, WECHAT).optedOutOf(SMS);

        ProcessInstance received = requestNotice("APPLICATION_RECEIVED");
        ProcessInstance overdue = requestNotice("REPAYMENT_OVERDUE");

        assertThat(world.plans(noticeId(received))).singleElement().satisfies(plan -> assertThat(plan).containsExactly(
                new Step(1, WECHAT, 2, Duration.ofMinutes(15)),
                new Step(2, EMAIL, 13, Duration.ofHours(2)),
                new Step(3, IN_APP, 99, Duration.ofDays(1))));
        assertThat(world.plans(noticeId(overdue))).singleElement().satisfies(plan -> assertThat(plan).containsExactly(
                new Step(1, SMS, 1, Duration.ofMinutes(15)),
                new Step(2, WECHAT, 2, Duration.ofMinutes(15)),
                new Step(3, EMAIL, 13, Duration.ofHours(2)),
                new Step(4, IN_APP, 99, Duration.ofDays(1))));
        assertThat(received).variables().containsEntry(VAR_CHANNEL, "WECHAT");
        assertThat(overdue).variables().containsEntry(VAR_CHANNEL, "SMS").containsEntry("regulatory", true);
    }

    // --- technical failures ---------------------------------------------------------------------------------------

    @Test
    void givenProviderApiBroken_whenSendKeepsThrowing_thenRetriedOnNoticeCycleAndLeftAsIncidentWithTheError() {
        world.reachableOn(SMS, PHONE);
        sendAttempt.failing(Integer.MAX_VALUE, () -> new IllegalStateException("SMS gateway answered HTTP 500"));
        ProcessInstance notice = requestNotice("APPLICATION_RECEIVED");
        execute(dueJob(notice, "Event_WaitOutQuietHours"));

        // One first try plus one retry per wait of the cycle, each only once the previous wait is over.
        for (int failure = 1; failure <= NOTICE_RETRY_WAITS.size() + 1; failure++) {
            Job send = dueJob(notice, "Task_SendAttempt");
            assertThatThrownBy(() -> managementService.executeJob(send.getId()))
                    .hasMessageContaining("SMS gateway answered HTTP 500");
            Job failed = managementService.createJobQuery().jobId(send.getId()).singleResult();
            assertThat(failed.getRetries()).isEqualTo(NOTICE_RETRY_WAITS.size() + 1 - failure);
            assertThat(failed.getExceptionMessage()).isEqualTo("SMS gateway answered HTTP 500");
            if (failed.getRetries() > 0) {
                Date retryAt = Date.from(now().plus(NOTICE_RETRY_WAITS.get(failure - 1)));
                assertThat(failed.getDuedate()).isEqualTo(retryAt);
                assertThat(managementService.createJobQuery().jobId(send.getId()).executable().count())
                        .as("retry is not due before its wait is over").isZero();
                ClockUtil.setCurrentTime(retryAt);
            }
        }

        Incident incident = runtimeService.createIncidentQuery().processInstanceId(notice.getId()).singleResult();
        assertThat(incident).isNotNull();
        assertThat(incident.getIncidentType()).isEqualTo(Incident.FAILED_JOB_HANDLER_TYPE);
        assertThat(incident.getActivityId()).isEqualTo("Task_SendAttempt");
        assertThat(incident.getIncidentMessage()).isEqualTo("SMS gateway answered HTTP 500");
        assertThat(sendAttempt.attempts()).isEqualTo(NOTICE_RETRY_WAITS.size() + 1);
        assertThat(world.attempts(noticeId(notice))).as("the job retries the same attempt (idempotency key)")
                .hasSize(1);
        assertThat(notice).isWaitingAt("Task_SendAttempt");
    }

    @Test
    void givenIncidentOnSend_whenOperatorRetriesAfterTheProviderRecovered_thenNoticeIsSentOnceAndConfirmed() {
        world.reachableOn(SMS, PHONE).provider(SMS, DELIVERS);
        sendAttempt.failing(NOTICE_RETRY_WAITS.size() + 1, () -> new IllegalStateException("connection reset"));
        ProcessInstance notice = requestNotice("APPLICATION_RECEIVED");
        execute(dueJob(notice, "Event_WaitOutQuietHours"));
        for (int attempt = 0; attempt <= NOTICE_RETRY_WAITS.size(); attempt++) {
            Job send = managementService.createJobQuery().processInstanceId(notice.getId())
                    .activityId("Task_SendAttempt").singleResult();
            ClockUtil.setCurrentTime(send.getDuedate());
            assertThatThrownBy(() -> managementService.executeJob(send.getId())).hasMessageContaining("reset");
        }
        assertThat(runtimeService.createIncidentQuery().processInstanceId(notice.getId()).count()).isOne();

        // What "Retry" in Cockpit does when the operator has it run now.
        Job send = managementService.createJobQuery().processInstanceId(notice.getId()).activityId("Task_SendAttempt")
                .singleResult();
        assertThat(send.getRetries()).isZero();
        managementService.setJobRetries(1).jobId(send.getId()).dueDate(ClockUtil.getCurrentTime()).execute();
        execute(dueJob(notice, "Task_SendAttempt"));
        world.providersReport();

        assertThat(runtimeService.createIncidentQuery().processInstanceId(notice.getId()).count()).isZero();
        assertThat(sendAttempt.calls()).hasSize(1);
        assertThat(world.attempts(noticeId(notice))).extracting(Object::toString).containsExactly("SMS#1 DELIVERED");
        assertThat(notice).hasPassed("EndEvent_NoticeConfirmed").isEnded();
    }

    // --- driving the process -------------------------------------------------------------------------------------

    /**
     * Starts the notice as the lifecycle's call activities do (business key and loanId are the loan) and runs the
     * asynchronous preparation; the notice is then planned and waits for its first send.
     */
    private ProcessInstance requestNotice(String event) {
        ProcessInstance notice = runtimeService.startProcessInstanceByKey(NOTIFY_BORROWER, LOAN,
                Map.of(VAR_LOAN_ID, LOAN, VAR_NOTICE_EVENT, event));
        assertThat(notice).isWaitingAt("Task_PrepareNotice");
        execute(dueJob(notice, "Task_PrepareNotice"));
        assertThat(notice).isWaitingAt("Event_WaitOutQuietHours");
        return notice;
    }

    /** The wait for the end of quiet hours is over (it must be due now) and the attempt's send job runs. */
    private void sendNextAttempt(ProcessInstance notice) {
        execute(dueJob(notice, "Event_WaitOutQuietHours"));
        execute(dueJob(notice, "Task_SendAttempt"));
    }

    /**
     * A borrower reachable only by SMS on a number the carrier rejects: the SMS fails for good, the message center
     * stays unread for a day, and "Contact borrower" is created.
     */
    private ProcessInstance noticeNobodyConfirmed(String event) {
        world.reachableOn(SMS, PHONE).provider(SMS, FAILS_PERMANENTLY_AT_SEND).provider(IN_APP, STAYS_SILENT);
        ProcessInstance notice = requestNotice(event);
        sendNextAttempt(notice);
        sendNextAttempt(notice);
        passTimer(notice, "Event_ConfirmationTimeout", now().plus(Duration.ofDays(1)));
        assertThat(notice).isWaitingAt(TaskKeys.CONTACT_BORROWER);
        assertThat(world.attempts(noticeId(notice))).extracting(Object::toString)
                .containsExactly("SMS#1 PERMANENT_FAILURE", "IN_APP#1 NO_RECEIPT");
        return notice;
    }

    /** Checks the timer falls due at {@code dueAt} and not before, then lets the engine clock reach it and fires it. */
    private void passTimer(ProcessInstance notice, String activityId, Instant dueAt) {
        Job timer = timer(notice, activityId);
        assertThat(timer.getDuedate()).as("due date of %s", activityId).isEqualTo(Date.from(dueAt));
        if (dueAt.isAfter(now())) {
            assertThat(managementService.createJobQuery().jobId(timer.getId()).executable().count())
                    .as("%s is not due yet", activityId).isZero();
        }
        ClockUtil.setCurrentTime(Date.from(dueAt));
        execute(dueJob(notice, activityId));
    }

    /** The activity's job, which must be due by the engine clock, as the job executor would find it. */
    private Job dueJob(ProcessInstance notice, String activityId) {
        Job job = managementService.createJobQuery().processInstanceId(notice.getId()).activityId(activityId)
                .executable().singleResult();
        assertThat(job).as("job of %s due at %s", activityId, ClockUtil.getCurrentTime()).isNotNull();
        return job;
    }

    private Job timer(ProcessInstance notice, String activityId) {
        Job timer = managementService.createJobQuery().processInstanceId(notice.getId()).activityId(activityId)
                .timers().singleResult();
        assertThat(timer).as("timer of %s", activityId).isNotNull();
        return timer;
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

    private String noticeId(ProcessInstance notice) {
        return (String) variable(notice, VAR_NOTICE_ID);
    }

    /** The process variable's last value, also once the process has ended. */
    private Object variable(ProcessInstance notice, String name) {
        HistoricVariableInstance variable = historyService.createHistoricVariableInstanceQuery()
                .processInstanceId(notice.getId()).variableName(name).singleResult();
        assertThat(variable).as("variable %s", name).isNotNull();
        return variable.getValue();
    }

    private static Instant now() {
        return ClockUtil.now().toInstant();
    }

    private static void later(Duration duration) {
        ClockUtil.setCurrentTime(Date.from(now().plus(duration)));
    }

    // --- delegate doubles that set what the real ones set ---------------------------------------------------------

    private static String noticeId(DelegateExecution execution) {
        return string(execution, VAR_NOTICE_ID);
    }

    private static String attemptId(DelegateExecution execution) {
        return string(execution, VAR_ATTEMPT_ID);
    }

    /** As SelectNextChannelDelegate: the next usable step after the current one, or no channel left. */
    private void selectNextChannel(DelegateExecution execution) {
        Object current = execution.getVariable(VAR_STEP);
        Optional<Step> next = world.nextStep(noticeId(execution), current == null ? 0 : ((Number) current).intValue());
        execution.setVariable(VAR_CHANNEL_LEFT, next.isPresent());
        next.ifPresentOrElse(step -> {
            execution.setVariable(VAR_STEP, step.step());
            execution.setVariable(VAR_CHANNEL, step.channel().name());
        }, () -> execution.setVariable(VAR_DELIVERY_RESULT, "CHANNELS_EXHAUSTED"));
    }

    /** As AssessAttemptDelegate. */
    private void createAttempt(DelegateExecution execution) {
        Optional<AttemptOutcome> delivered = world.deliveredMeanwhile(noticeId(execution));
        execution.setVariable(VAR_ATTEMPT_NEEDED, delivered.isEmpty());
        if (delivered.isPresent()) {
            execution.setVariable(VAR_ATTEMPT_OUTCOME, delivered.get().name());
            execution.setVariable(VAR_DELIVERY_RESULT, delivered.get().name());
            return;
        }
        execution.setVariable(VAR_ATTEMPT_ID,
                world.createAttempt(noticeId(execution), ((Number) execution.getVariable(VAR_STEP)).intValue()));
    }

    private void assessAttempt(DelegateExecution execution) {
        String attemptId = attemptId(execution);
        AttemptOutcome outcome = world.assess(attemptId);
        execution.setVariable(VAR_ATTEMPT_OUTCOME, outcome.name());
        if (outcome == AttemptOutcome.DELIVERED || outcome == AttemptOutcome.READ) {
            execution.setVariable(VAR_DELIVERY_RESULT, outcome.name());
        }
        if (outcome == AttemptOutcome.TEMPORARY_FAILURE) {
            execution.setVariable(VAR_RETRIES_LEFT, world.retriesLeft(attemptId));
        }
    }

    /** As RecordContactOutcomeDelegate: corrected contacts are stored as valid before the delivery starts again. */
    private void recordContactOutcome(DelegateExecution execution) {
        String outcome = string(execution, VAR_CONTACT_OUTCOME);
        Map<Channel, String> corrected = new EnumMap<>(Channel.class);
        switch (outcome) {
            case "REACHED_BY_PHONE", "UNREACHABLE" -> {
            }
            case "CONTACTS_CORRECTED" -> {
                putIfGiven(corrected, SMS, string(execution, "correctedPhone"));
                putIfGiven(corrected, EMAIL, string(execution, "correctedEmail"));
                putIfGiven(corrected, WECHAT, string(execution, "correctedWechatOpenId"));
                putIfGiven(corrected, Channel.PUSH, string(execution, "correctedPushToken"));
            }
            default -> throw new IllegalStateException("Unknown contact outcome " + outcome);
        }
        world.staffRecorded(noticeId(execution), outcome, corrected);
    }

    private static void putIfGiven(Map<Channel, String> contacts, Channel channel, String value) {
        if (value != null && !value.isBlank()) {
            contacts.put(channel, value.trim());
        }
    }
}
