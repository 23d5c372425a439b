package com.loanflow.process;

import static com.loanflow.process.ProcessConstants.MESSAGE_ATTEMPT_RECEIPT;
import static com.loanflow.process.ProcessConstants.MESSAGE_CONTACTS_CHANGED;
import static com.loanflow.process.ProcessConstants.MESSAGE_NOTICE_CONFIRMED;
import static com.loanflow.process.ProcessConstants.VAR_ATTEMPT_ID;

import org.camunda.bpm.engine.RuntimeService;
import org.springframework.stereotype.Component;

/**
 * What the notice domain tells a running notify-borrower process. Each message is a nudge: the process re-reads the
 * notice and its attempts, so a message that finds the process elsewhere (early, late, or already finished) is
 * simply not needed and is dropped.
 */
@Component
public class NoticeDeliveryProcess {

    private final RuntimeService runtime;

    NoticeDeliveryProcess(RuntimeService runtime) {
        this.runtime = runtime;
    }

    /** A receipt arrived for the attempt the process may be waiting on; false when it was not waiting for it. */
    public boolean receiptArrived(String processInstanceId, String attemptId) {
        return nudge(MESSAGE_ATTEMPT_RECEIPT, processInstanceId, attemptId);
    }

    /**
     * The notice is confirmed (read, or delivered where no read acknowledgement is required): wherever the delivery
     * or the staff task stands (quiet hours, a retry backoff, "Contact borrower"), it ends.
     */
    public void confirmed(String processInstanceId) {
        nudge(MESSAGE_NOTICE_CONFIRMED, processInstanceId, null);
    }

    public void contactsChanged(String processInstanceId) {
        nudge(MESSAGE_CONTACTS_CHANGED, processInstanceId, null);
    }

    private boolean nudge(String message, String processInstanceId, String attemptId) {
        if (processInstanceId == null) {
            return false;
        }
        var correlation = runtime.createMessageCorrelation(message).processInstanceId(processInstanceId);
        if (attemptId != null) {
            correlation.processInstanceVariableEquals(VAR_ATTEMPT_ID, attemptId);
        }
        // Not waiting for this right now is fine: the process reads the stored state when it gets there. Asking
        // for all matches (none is an answer) keeps the engine from failing the caller's transaction, which would
        // lose the receipt or read acknowledgement that came with the nudge.
        return !correlation.correlateAllWithResult().isEmpty();
    }
}
