package com.loanflow.notice;

import static com.loanflow.process.ExecutionVariables.string;
import static com.loanflow.process.ProcessConstants.VAR_ATTEMPT_ID;
import static com.loanflow.process.ProcessConstants.VAR_ATTEMPT_OUTCOME;
import static com.loanflow.process.ProcessConstants.VAR_DELIVERY_RESULT;
import static com.loanflow.process.ProcessConstants.VAR_RETRIES_LEFT;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Service task "Check attempt outcome": reads where the attempt stands from the stored attempt and receipts. */
@Component
class AssessAttemptDelegate implements JavaDelegate {

    private final DeliveryService delivery;

    AssessAttemptDelegate(DeliveryService delivery) {
        this.delivery = delivery;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String attemptId = string(execution, VAR_ATTEMPT_ID);
        AttemptOutcome outcome = delivery.assess(attemptId);
        execution.setVariable(VAR_ATTEMPT_OUTCOME, outcome.name());
        if (outcome == AttemptOutcome.DELIVERED || outcome == AttemptOutcome.READ) {
            execution.setVariable(VAR_DELIVERY_RESULT, outcome.name());
        }
        if (outcome == AttemptOutcome.TEMPORARY_FAILURE) {
            execution.setVariable(VAR_RETRIES_LEFT, delivery.retriesLeft(attemptId));
        }
    }
}
