package com.loanflow.loan;

import static com.loanflow.process.ExecutionVariables.loanId;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Service task "Keep the loan settled": the managers declined the reversal held after the lien release. */
@Component
class KeepLoanSettledDelegate implements JavaDelegate {

    private final RepaymentService repayments;

    KeepLoanSettledDelegate(RepaymentService repayments) {
        this.repayments = repayments;
    }

    @Override
    public void execute(DelegateExecution execution) {
        repayments.keepSettledAfterReview(loanId(execution));
    }
}
