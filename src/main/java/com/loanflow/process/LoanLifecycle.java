package com.loanflow.process;

import static com.loanflow.process.ProcessConstants.LOAN_LIFECYCLE;
import static com.loanflow.process.ProcessConstants.MESSAGE_ARREARS_CLEARED;
import static com.loanflow.process.ProcessConstants.MESSAGE_CONTRACT_SIGNED;
import static com.loanflow.process.ProcessConstants.MESSAGE_REPAYMENT_RECEIVED;
import static com.loanflow.process.ProcessConstants.MESSAGE_REPAYMENT_REVERSED;
import static com.loanflow.process.ProcessConstants.MESSAGE_REVERSAL_AFTER_LIEN_RELEASE;
import static com.loanflow.process.ProcessConstants.VAR_LOAN_ID;
import static com.loanflow.process.ProcessConstants.VAR_REPAYMENT_ID;

import java.util.Map;
import org.camunda.bpm.engine.RuntimeService;
import org.springframework.stereotype.Component;

/**
 * What the domain tells the loan-lifecycle process. Called inside the domain's transaction, so the domain write
 * and the engine state it triggers commit together or not at all.
 */
@Component
public class LoanLifecycle {

    private final RuntimeService runtime;

    LoanLifecycle(RuntimeService runtime) {
        this.runtime = runtime;
    }

    /** Starts the lifecycle of a new application; the loan id is the business key. Returns the instance id. */
    public String start(String loanId) {
        return runtime.startProcessInstanceByKey(LOAN_LIFECYCLE, loanId, Map.of(VAR_LOAN_ID, loanId)).getId();
    }

    /** @return false when the process is not waiting for the signature */
    public boolean contractSigned(String processInstanceId) {
        return correlate(MESSAGE_CONTRACT_SIGNED, processInstanceId, Map.of());
    }

    /** @return false when the process is not in its repayment phase */
    public boolean repaymentReceived(String processInstanceId, String repaymentId) {
        return correlate(MESSAGE_REPAYMENT_RECEIVED, processInstanceId, Map.of(VAR_REPAYMENT_ID, repaymentId));
    }

    /** @return false when the process is neither repaying nor settling the loan */
    public boolean repaymentReversed(String processInstanceId, String repaymentId) {
        return correlate(MESSAGE_REPAYMENT_REVERSED, processInstanceId, Map.of(VAR_REPAYMENT_ID, repaymentId));
    }

    /**
     * A repayment of a loan whose lien is already released bounced: the servicing managers decide, nothing reopens.
     *
     * @return false when the process is not settling the loan
     */
    public boolean repaymentReversedAfterLienRelease(String processInstanceId, String repaymentId) {
        return correlate(MESSAGE_REVERSAL_AFTER_LIEN_RELEASE, processInstanceId, Map.of(VAR_REPAYMENT_ID, repaymentId));
    }

    /** Closes any open collections task of the loan: nothing is overdue any more. */
    public void arrearsCleared(String processInstanceId) {
        runtime.createMessageCorrelation(MESSAGE_ARREARS_CLEARED).processInstanceId(processInstanceId).correlateAll();
    }

    /**
     * A correlation that finds nobody waiting must not throw: the engine would mark the caller's transaction
     * rollback-only, and the caller decides itself whether "not waiting" is an error.
     */
    private boolean correlate(String message, String processInstanceId, Map<String, Object> variables) {
        return !runtime.createMessageCorrelation(message)
                .processInstanceId(processInstanceId)
                .setVariables(variables)
                .correlateAllWithResult()
                .isEmpty();
    }
}
