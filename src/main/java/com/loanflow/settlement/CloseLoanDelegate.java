package com.loanflow.settlement;

import static com.loanflow.process.ExecutionVariables.loanId;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Service task "Close loan": after lien release and follow-up nothing is left to do. */
@Component
class CloseLoanDelegate implements JavaDelegate {

    private final SettlementService settlement;

    CloseLoanDelegate(SettlementService settlement) {
        this.settlement = settlement;
    }

    @Override
    public void execute(DelegateExecution execution) {
        settlement.close(loanId(execution));
    }
}
