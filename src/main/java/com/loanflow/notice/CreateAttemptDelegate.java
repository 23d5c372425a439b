package com.loanflow.notice;

import static com.loanflow.process.ExecutionVariables.string;
import static com.loanflow.process.ProcessConstants.VAR_ATTEMPT_ID;
import static com.loanflow.process.ProcessConstants.VAR_NOTICE_ID;
import static com.loanflow.process.ProcessConstants.VAR_STEP;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Service task "Create attempt": content, hash and address are written (and committed) before anything is sent. */
@Component
class CreateAttemptDelegate implements JavaDelegate {

    private final DeliveryService delivery;

    CreateAttemptDelegate(DeliveryService delivery) {
        this.delivery = delivery;
    }

    @Override
    public void execute(DelegateExecution execution) {
        execution.setVariable(VAR_ATTEMPT_ID, delivery.createAttempt(string(execution, VAR_NOTICE_ID),
                ((Number) execution.getVariable(VAR_STEP)).intValue()));
    }
}
