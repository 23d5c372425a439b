package com.loanflow.notice;

import static com.loanflow.process.ExecutionVariables.string;
import static com.loanflow.process.ProcessConstants.VAR_ATTEMPT_ID;
import static com.loanflow.process.ProcessConstants.VAR_ATTEMPT_NEEDED;
import static com.loanflow.process.ProcessConstants.VAR_ATTEMPT_OUTCOME;
import static com.loanflow.process.ProcessConstants.VAR_DELIVERY_RESULT;
import static com.loanflow.process.ProcessConstants.VAR_NOTICE_ID;
import static com.loanflow.process.ProcessConstants.VAR_STEP;

import java.util.Optional;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * Service task "Create attempt": content, hash and address are written (and committed) before anything is sent. A
 * notice the borrower got while the process waited (quiet hours, a retry backoff) gets no new attempt: it goes on
 * as if the awaited attempt had been delivered or read.
 */
@Component
class CreateAttemptDelegate implements JavaDelegate {

    private final DeliveryService delivery;

    CreateAttemptDelegate(DeliveryService delivery) {
        this.delivery = delivery;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String noticeId = string(execution, VAR_NOTICE_ID);
        Optional<AttemptOutcome> delivered = delivery.deliveredMeanwhile(noticeId);
        execution.setVariable(VAR_ATTEMPT_NEEDED, delivered.isEmpty());
        if (delivered.isPresent()) {
            execution.setVariable(VAR_ATTEMPT_OUTCOME, delivered.get().name());
            execution.setVariable(VAR_DELIVERY_RESULT, delivered.get().name());
            return;
        }
        execution.setVariable(VAR_ATTEMPT_ID, delivery.createAttempt(noticeId,
                ((Number) execution.getVariable(VAR_STEP)).intValue()));
    }
}
