package com.loanflow.notice;

import static com.loanflow.process.ExecutionVariables.string;
import static com.loanflow.process.ProcessConstants.VAR_ATTEMPT_ID;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Service task "Send attempt" (asynchronous): the provider gets the attempt id as its idempotency key. */
@Component
class SendAttemptDelegate implements JavaDelegate {

    private final DeliveryService delivery;

    SendAttemptDelegate(DeliveryService delivery) {
        this.delivery = delivery;
    }

    @Override
    public void execute(DelegateExecution execution) {
        delivery.send(string(execution, VAR_ATTEMPT_ID));
    }
}
