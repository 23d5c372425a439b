package com.loanflow.settlement;

import static com.loanflow.process.ExecutionVariables.loanId;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Service task "Issue settlement certificate". */
@Component
class IssueSettlementCertificateDelegate implements JavaDelegate {

    private final SettlementService settlement;

    IssueSettlementCertificateDelegate(SettlementService settlement) {
        this.settlement = settlement;
    }

    @Override
    public void execute(DelegateExecution execution) {
        settlement.issueCertificate(loanId(execution));
    }
}
