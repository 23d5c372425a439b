package com.loanflow.settlement;

import static com.loanflow.process.ExecutionVariables.loanId;
import static com.loanflow.process.ExecutionVariables.string;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Service task "Record lien release": the mortgage-release registration from task "Release lien". */
@Component
class RecordLienReleaseDelegate implements JavaDelegate {

    private final SettlementService settlement;

    RecordLienReleaseDelegate(SettlementService settlement) {
        this.settlement = settlement;
    }

    @Override
    public void execute(DelegateExecution execution) {
        settlement.recordLienRelease(loanId(execution), string(execution, "lienReleaseReference"));
    }
}
