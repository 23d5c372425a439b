package com.loanflow.loan;

import java.math.BigDecimal;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The inputs of {@code dmn/settlement-conditions.dmn}: the business rule task reads them as
 * {@code ${balances.of(loanId).principal}} at the moment it decides, straight from the posted repayments.
 */
@Component("balances")
public class BalancesLookup {

    private final LoanRepository loans;
    private final LoanAccounts accounts;

    BalancesLookup(LoanRepository loans, LoanAccounts accounts) {
        this.loans = loans;
        this.accounts = accounts;
    }

    public Map<String, BigDecimal> of(String loanId) {
        Balances b = accounts.of(loans.get(loanId)).orElseThrow().balances(accounts.today());
        return Map.of("principal", b.principal(), "interest", b.interest(), "fees", b.fees(),
                "penalties", b.penalties(), "overpaid", b.overpaid());
    }
}
