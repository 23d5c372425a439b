package com.loanflow.settlement;

import static com.loanflow.process.ExecutionVariables.loanId;
import static com.loanflow.process.ProcessConstants.INCIDENT_LEDGER_BROKEN;
import static com.loanflow.process.ProcessConstants.VAR_LEDGER_INCIDENT_ID;
import static com.loanflow.process.ProcessConstants.VAR_LEDGER_VALID;

import com.loanflow.loan.ledger.Ledger;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.runtime.Incident;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Service task "Verify repayment ledger", before any certificate is issued. A broken chain is a business fact, not a
 * technical failure: the process routes to the managers' investigation task, and an incident keeps the loan red in
 * Cockpit until the chain verifies again.
 */
@Component
class VerifyLedgerDelegate implements JavaDelegate {

    private static final Logger log = LoggerFactory.getLogger(VerifyLedgerDelegate.class);

    private final Ledger ledger;

    VerifyLedgerDelegate(Ledger ledger) {
        this.ledger = ledger;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String loanId = loanId(execution);
        Ledger.Verification verification = ledger.verify(loanId);
        execution.setVariable(VAR_LEDGER_VALID, verification.valid());
        RuntimeService runtime = execution.getProcessEngineServices().getRuntimeService();
        Incident open = openIncident(execution, runtime);
        if (verification.valid()) {
            if (open != null) {
                runtime.resolveIncident(open.getId());
                log.info("Ledger of loan {} verifies again; incident {} resolved", loanId, open.getId());
            }
            execution.removeVariable(VAR_LEDGER_INCIDENT_ID);
            return;
        }
        log.error("Ledger of loan {} does not verify from entry {}: no settlement certificate", loanId,
                verification.brokenAt());
        if (open == null) {
            Incident incident = execution.createIncident(INCIDENT_LEDGER_BROKEN, loanId,
                    "Repayment ledger of loan " + loanId + " does not verify from entry " + verification.brokenAt()
                            + "; settlement certificate withheld until it is investigated");
            execution.setVariable(VAR_LEDGER_INCIDENT_ID, incident.getId());
        }
    }

    private static Incident openIncident(DelegateExecution execution, RuntimeService runtime) {
        Object id = execution.getVariable(VAR_LEDGER_INCIDENT_ID);
        return id == null ? null : runtime.createIncidentQuery().incidentId(id.toString()).singleResult();
    }
}
