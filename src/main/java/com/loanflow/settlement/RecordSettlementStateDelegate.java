package com.loanflow.settlement;

import static com.loanflow.process.ExecutionVariables.loanId;
import static com.loanflow.process.ExecutionVariables.string;
import static com.loanflow.process.ProcessConstants.VAR_SETTLEMENT_STATE;

import com.loanflow.loan.SettlementState;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Business rule outcome "Record settlement state": the loan shows what the settlement decision found. */
@Component
class RecordSettlementStateDelegate implements JavaDelegate {

    private final SettlementService settlement;

    RecordSettlementStateDelegate(SettlementService settlement) {
        this.settlement = settlement;
    }

    @Override
    public void execute(DelegateExecution execution) {
        settlement.recordDecision(loanId(execution), SettlementState.valueOf(string(execution, VAR_SETTLEMENT_STATE)));
    }
}
