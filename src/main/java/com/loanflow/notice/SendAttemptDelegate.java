package com.loanflow.notice;

import static com.loanflow.process.ExecutionVariables.string;
import static com.loanflow.process.ProcessConstants.VAR_ATTEMPT_ID;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * Service task "Send attempt" (asynchronous): the provider gets the attempt id as its idempotency key, and its answer
 * is committed on its own, before the process goes on.
 */
@Component
class SendAttemptDelegate implements JavaDelegate {

    private final AttemptSender sender;

    SendAttemptDelegate(AttemptSender sender) {
        this.sender = sender;
    }

    @Override
    public void execute(DelegateExecution execution) {
        sender.send(string(execution, VAR_ATTEMPT_ID));
    }
}
