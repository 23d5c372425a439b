package com.loanflow.disbursement;

import static com.loanflow.process.ExecutionVariables.loanId;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Service task "Pay out loan"; async with a retry cycle against gateway and clearing outages. */
@Component
class DisburseLoanDelegate implements JavaDelegate {

    private final DisbursementService disbursements;

    DisburseLoanDelegate(DisbursementService disbursements) {
        this.disbursements = disbursements;
    }

    @Override
    public void execute(DelegateExecution execution) {
        disbursements.disburse(loanId(execution));
    }
}
