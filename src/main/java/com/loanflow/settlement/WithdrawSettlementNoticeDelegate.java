package com.loanflow.settlement;

import static com.loanflow.process.ExecutionVariables.loanId;
import static com.loanflow.process.ExecutionVariables.string;
import static com.loanflow.process.ProcessConstants.VAR_REPAYMENT_ID;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Service task "Withdraw settlement notice": the reversal of {@code repaymentId} undid what LOAN_SETTLED announced. */
@Component
class WithdrawSettlementNoticeDelegate implements JavaDelegate {

    private final SettlementService settlement;

    WithdrawSettlementNoticeDelegate(SettlementService settlement) {
        this.settlement = settlement;
    }

    @Override
    public void execute(DelegateExecution execution) {
        settlement.withdrawSettlementNotice(loanId(execution), string(execution, VAR_REPAYMENT_ID));
    }
}
