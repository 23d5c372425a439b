package com.loanflow.application;

import static com.loanflow.process.ExecutionVariables.loanId;
import static com.loanflow.process.ExecutionVariables.string;
import static com.loanflow.process.ProcessConstants.VAR_RISK_DECISION;
import static com.loanflow.process.ProcessConstants.VAR_RISK_REASON;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Service task "Record prescreen decision": the loan shows what the risk prescreen decided and why. */
@Component
class RecordRiskDecisionDelegate implements JavaDelegate {

    private final ApplicationDecisions decisions;

    RecordRiskDecisionDelegate(ApplicationDecisions decisions) {
        this.decisions = decisions;
    }

    @Override
    public void execute(DelegateExecution execution) {
        decisions.recordPrescreen(loanId(execution),
                string(execution, VAR_RISK_DECISION), string(execution, VAR_RISK_REASON));
    }
}
