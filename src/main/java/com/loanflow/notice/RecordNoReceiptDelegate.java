package com.loanflow.notice;

import static com.loanflow.process.ExecutionVariables.string;
import static com.loanflow.process.ProcessConstants.VAR_ATTEMPT_ID;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Service task "Record no receipt": the confirmation timeout passed; a receipt that came meanwhile still wins. */
@Component
class RecordNoReceiptDelegate implements JavaDelegate {

    private final DeliveryService delivery;

    RecordNoReceiptDelegate(DeliveryService delivery) {
        this.delivery = delivery;
    }

    @Override
    public void execute(DelegateExecution execution) {
        delivery.recordNoReceipt(string(execution, VAR_ATTEMPT_ID));
    }
}
