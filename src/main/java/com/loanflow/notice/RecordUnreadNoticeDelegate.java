package com.loanflow.notice;

import static com.loanflow.process.ProcessConstants.VAR_DELIVERY_RESULT;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Service task "Record missing read acknowledgement": delivered, but the borrower has not confirmed reading it. */
@Component
class RecordUnreadNoticeDelegate implements JavaDelegate {

    @Override
    public void execute(DelegateExecution execution) {
        execution.setVariable(VAR_DELIVERY_RESULT, "READ_ACK_MISSING");
    }
}
