package com.loanflow.application;

import static com.loanflow.process.ExecutionVariables.loanId;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Service task "Reject application": the reason category goes to the loan and into the rejection notice (D3). */
@Component
class RejectApplicationDelegate implements JavaDelegate {

    private final ApplicationDecisions decisions;

    RejectApplicationDelegate(ApplicationDecisions decisions) {
        this.decisions = decisions;
    }

    @Override
    public void execute(DelegateExecution execution) {
        decisions.reject(loanId(execution), DecisionReason.of(execution));
    }
}
