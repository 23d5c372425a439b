package com.loanflow.loan;

import static com.loanflow.process.ExecutionVariables.loanId;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Service task "Reopen the loan": the managers chose to apply the reversal held after the lien release. */
@Component
class ReopenLoanDelegate implements JavaDelegate {

    private final RepaymentService repayments;

    ReopenLoanDelegate(RepaymentService repayments) {
        this.repayments = repayments;
    }

    @Override
    public void execute(DelegateExecution execution) {
        repayments.reverseAfterReview(loanId(execution));
    }
}
