package com.loanflow.loan;

import static com.loanflow.process.ProcessConstants.VAR_INSTALMENT_NUMBER;
import static com.loanflow.process.ExecutionVariables.loanId;
import static com.loanflow.process.ProcessConstants.VAR_MILESTONE;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Service task "Check repayment milestone": which reminder or overdue instalment the timer woke up for. */
@Component
class CheckRepaymentMilestoneDelegate implements JavaDelegate {

    private final RepaymentCalendar calendar;

    CheckRepaymentMilestoneDelegate(RepaymentCalendar calendar) {
        this.calendar = calendar;
    }

    @Override
    public void execute(DelegateExecution execution) {
        Milestone milestone = calendar.handleDue(loanId(execution));
        execution.setVariable(VAR_MILESTONE, milestone.kind().name());
        execution.setVariable(VAR_INSTALMENT_NUMBER, milestone.instalmentNumber());
    }
}
