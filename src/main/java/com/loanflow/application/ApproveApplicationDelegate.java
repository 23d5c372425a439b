package com.loanflow.application;

import static com.loanflow.process.ExecutionVariables.loanId;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Service task "Approve application": by the prescreen or by a reviewer, whose reason is kept when given. */
@Component
class ApproveApplicationDelegate implements JavaDelegate {

    private final ApplicationDecisions decisions;

    ApproveApplicationDelegate(ApplicationDecisions decisions) {
        this.decisions = decisions;
    }

    @Override
    public void execute(DelegateExecution execution) {
        decisions.approve(loanId(execution), DecisionReason.of(execution));
    }
}
