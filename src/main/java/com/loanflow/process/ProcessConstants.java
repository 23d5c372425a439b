package com.loanflow.process;

/**
 * Names shared between the BPMN/DMN models and the Java code. A rename in a model must be made here too;
 * the process tests fail otherwise.
 */
public final class ProcessConstants {

    public static final String LOAN_LIFECYCLE = "loan-lifecycle";
    public static final String NOTIFY_BORROWER = "notify-borrower";

    public static final String DECISION_RISK_PRESCREEN = "risk-prescreen";
    public static final String DECISION_SETTLEMENT_CONDITIONS = "settlement-conditions";

    public static final String MESSAGE_CONTRACT_SIGNED = "ContractSigned";
    public static final String MESSAGE_REPAYMENT_RECEIVED = "RepaymentReceived";
    public static final String MESSAGE_ARREARS_CLEARED = "ArrearsCleared";
    public static final String MESSAGE_REPAYMENT_REVERSED = "RepaymentReversed";
    public static final String MESSAGE_REVERSAL_AFTER_LIEN_RELEASE = "ReversalAfterLienRelease";
    public static final String MESSAGE_ATTEMPT_RECEIPT = "AttemptReceipt";
    /** The borrower read the notice, or a channel confirmed it and no read acknowledgement is required. */
    public static final String MESSAGE_NOTICE_CONFIRMED = "NoticeConfirmed";
    public static final String MESSAGE_CONTACTS_CHANGED = "ContactsChanged";

    public static final String VAR_LOAN_ID = "loanId";
    public static final String VAR_RISK_DECISION = "riskDecision";
    public static final String VAR_RISK_REASON = "riskReason";
    public static final String VAR_REVIEW_DECISION = "reviewDecision";
    public static final String VAR_REVIEW_REASON = "reviewReason";
    public static final String VAR_REVIEW_COMMENT = "reviewComment";
    public static final String VAR_SETTLEMENT_STATE = "settlementState";
    public static final String VAR_NEXT_ACTION = "nextAction";
    public static final String VAR_REPAYMENT_ID = "repaymentId";
    public static final String VAR_MILESTONE = "milestone";
    public static final String VAR_INSTALMENT_NUMBER = "instalmentNumber";
    public static final String VAR_LEDGER_VALID = "ledgerValid";
    public static final String VAR_LEDGER_INCIDENT_ID = "ledgerIncidentId";
    public static final String VAR_LATE_REVERSAL_DECISION = "lateReversalDecision";

    public static final String INCIDENT_LEDGER_BROKEN = "ledgerBroken";

    public static final String VAR_NOTICE_EVENT = "event";
    public static final String VAR_NOTICE_REFERENCE = "noticeReference";
    public static final String VAR_NOTICE_ID = "noticeId";
    public static final String VAR_ATTEMPT_ID = "attemptId";
    /** False when "Create attempt" found the notice confirmed meanwhile: nothing more is sent. */
    public static final String VAR_ATTEMPT_NEEDED = "attemptNeeded";
    public static final String VAR_STEP = "step";
    public static final String VAR_CHANNEL = "channel";
    public static final String VAR_CHANNEL_LEFT = "channelLeft";
    public static final String VAR_ATTEMPT_OUTCOME = "attemptOutcome";
    public static final String VAR_RETRIES_LEFT = "retriesLeft";
    public static final String VAR_DELIVERY_RESULT = "deliveryResult";
    public static final String VAR_CONTACT_OUTCOME = "contactOutcome";

    public static final String GROUP_INTEGRATION = "integration";
    public static final String GROUP_RISK_OFFICERS = "risk-officers";
    public static final String GROUP_RISK_MANAGERS = "risk-managers";
    public static final String GROUP_CUSTOMER_SERVICE = "customer-service";
    public static final String GROUP_LOAN_SERVICING = "loan-servicing";
    public static final String GROUP_SERVICING_MANAGERS = "servicing-managers";
    public static final String GROUP_CAMUNDA_ADMIN = "camunda-admin";
    /** The metrics scraper (Prometheus): actuator metrics only, no API, no engine rights. */
    public static final String GROUP_MONITORING = "monitoring";

    private ProcessConstants() {
    }
}
