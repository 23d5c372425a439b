package com.loanflow.application;

import static com.loanflow.process.ExecutionVariables.string;
import static com.loanflow.process.ProcessConstants.VAR_REVIEW_REASON;
import static com.loanflow.process.ProcessConstants.VAR_RISK_REASON;

import org.camunda.bpm.engine.delegate.DelegateExecution;

/** A reviewer's reason overrides the prescreen's; without a review the prescreen's reason stands. */
final class DecisionReason {

    private DecisionReason() {
    }

    static String of(DelegateExecution execution) {
        String review = string(execution, VAR_REVIEW_REASON);
        return review != null && !review.isBlank() ? review : string(execution, VAR_RISK_REASON);
    }
}
