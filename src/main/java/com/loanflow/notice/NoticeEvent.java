package com.loanflow.notice;

import java.util.List;

/**
 * Every borrower-facing event of API.md, with the template parameters its notice needs beyond the common ones
 * ({@code name}, {@code loanId}, {@code vehicle}, {@code vin}). Templates are checked against these at start-up.
 */
public enum NoticeEvent {
    APPLICATION_RECEIVED("principal", "termMonths"),
    APPLICATION_UNDER_REVIEW,
    APPLICATION_DELAYED,
    APPLICATION_APPROVED("principal", "termMonths", "annualRate", "firstInstalment"),
    APPLICATION_REJECTED("reason"),
    LOAN_DISBURSED("principal", "firstDueDate", "firstInstalment", "disbursementReference"),
    DISBURSEMENT_DELAYED,
    REPAYMENT_DUE("instalmentNumber", "dueDate", "amountDue"),
    REPAYMENT_RECEIVED("amount", "paidDate", "remainingPrincipal"),
    REPAYMENT_OVERDUE("instalmentNumber", "dueDate", "amountOverdue", "penalties"),
    REPAYMENT_REVERSED("amount", "paidDate", "reversalReason", "amountDue", "dueDate", "remainingTotal"),
    LOAN_PARTIALLY_SETTLED("remainingInterest", "remainingFees", "remainingPenalties", "remainingTotal"),
    LOAN_SETTLED("settledDate"),
    OVERPAYMENT_REFUND("overpaidAmount"),
    LIEN_RELEASE_READY("lienReleaseReference");

    public static final List<String> COMMON_PARAMETERS = List.of("name", "loanId", "vehicle", "vin");

    private final List<String> parameters;

    NoticeEvent(String... parameters) {
        this.parameters = List.of(parameters);
    }

    /** The parameters a template of this event may use. */
    public List<String> parameters() {
        return java.util.stream.Stream.concat(COMMON_PARAMETERS.stream(), parameters.stream()).toList();
    }
}
