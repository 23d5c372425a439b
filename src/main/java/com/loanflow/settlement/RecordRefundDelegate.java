package com.loanflow.settlement;

import static com.loanflow.process.ExecutionVariables.loanId;
import static com.loanflow.process.ExecutionVariables.string;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Service task "Record refund": books the refund the back office made in task "Refund overpayment". */
@Component
class RecordRefundDelegate implements JavaDelegate {

    private final SettlementService settlement;

    RecordRefundDelegate(SettlementService settlement) {
        this.settlement = settlement;
    }

    @Override
    public void execute(DelegateExecution execution) {
        settlement.refundOverpayment(loanId(execution), string(execution, "refundReference"));
    }
}
