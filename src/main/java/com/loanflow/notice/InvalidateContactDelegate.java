package com.loanflow.notice;

import static com.loanflow.process.ExecutionVariables.string;
import static com.loanflow.process.ProcessConstants.VAR_ATTEMPT_ID;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Service task "Mark contact invalid": the provider rejected the address for good; later plans skip it. */
@Component
class InvalidateContactDelegate implements JavaDelegate {

    private final DeliveryService delivery;

    InvalidateContactDelegate(DeliveryService delivery) {
        this.delivery = delivery;
    }

    @Override
    public void execute(DelegateExecution execution) {
        delivery.invalidateContact(string(execution, VAR_ATTEMPT_ID));
    }
}
