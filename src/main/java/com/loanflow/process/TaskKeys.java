package com.loanflow.process;

/** The user tasks of the models, by their BPMN id. Each has a Camunda Form of the same name in {@code forms/}. */
public final class TaskKeys {

    public static final String REVIEW_APPLICATION = "Task_ReviewApplication";
    public static final String REVIEW_ESCALATED_APPLICATION = "Task_ReviewEscalatedApplication";
    public static final String CONTACT_OVERDUE_BORROWER = "Task_ContactOverdueBorrower";
    public static final String REFUND_OVERPAYMENT = "Task_RefundOverpayment";
    public static final String RELEASE_LIEN = "Task_ReleaseLien";
    public static final String FOLLOW_UP_CALL = "Task_FollowUpCall";
    public static final String INVESTIGATE_LEDGER = "Task_InvestigateLedger";
    public static final String SETTLEMENT_NOTICE_OVERDUE = "Task_SettlementNoticeOverdue";
    public static final String REVIEW_LATE_REVERSAL = "Task_ReviewLateReversal";
    public static final String CONTACT_BORROWER = "Task_ContactBorrower";
    public static final String CONTACT_BORROWER_ESCALATED = "Task_ContactBorrowerEscalated";

    private TaskKeys() {
    }
}
