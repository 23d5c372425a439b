package com.loanflow.notice;

import static com.loanflow.process.ExecutionVariables.string;
import static com.loanflow.process.ProcessConstants.VAR_NOTICE_ID;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Service task "Escalate to staff": no channel confirmed the notice, so a person takes it over (D9). */
@Component
class EscalateNoticeDelegate implements JavaDelegate {

    private final DeliveryService delivery;

    EscalateNoticeDelegate(DeliveryService delivery) {
        this.delivery = delivery;
    }

    @Override
    public void execute(DelegateExecution execution) {
        delivery.escalate(string(execution, VAR_NOTICE_ID));
    }
}
