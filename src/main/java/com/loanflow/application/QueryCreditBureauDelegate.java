package com.loanflow.application;

import static com.loanflow.process.ExecutionVariables.loanId;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** Service task "Query credit bureau"; async with a retry cycle, so an outage retries and then becomes an incident. */
@Component
class QueryCreditBureauDelegate implements JavaDelegate {

    private final CreditCheckService creditCheck;

    QueryCreditBureauDelegate(CreditCheckService creditCheck) {
        this.creditCheck = creditCheck;
    }

    @Override
    public void execute(DelegateExecution execution) {
        creditCheck.check(loanId(execution));
    }
}
