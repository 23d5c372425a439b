package com.loanflow.disbursement;

import com.loanflow.loan.Loan;
import com.loanflow.loan.LoanAccounts;
import com.loanflow.loan.LoanRepository;
import com.loanflow.loan.ledger.Ledger;
import com.loanflow.loan.ledger.LedgerEntryType;
import com.loanflow.loan.schedule.ScheduleCalculator;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/** Pays the loan out and starts its repayment schedule from the day of payment. */
@Service
public class DisbursementService {

    private static final Logger log = LoggerFactory.getLogger(DisbursementService.class);

    private final LoanRepository loans;
    private final LoanAccounts accounts;
    private final PaymentGateway gateway;
    private final Ledger ledger;
    private final Clock clock;

    DisbursementService(LoanRepository loans, LoanAccounts accounts, PaymentGateway gateway, Ledger ledger,
                        Clock clock) {
        this.loans = loans;
        this.accounts = accounts;
        this.gateway = gateway;
        this.ledger = ledger;
        this.clock = clock;
    }

    public void disburse(String loanId) {
        Loan loan = loans.lock(loanId).orElseThrow();
        if (loan.disbursedAt() != null) {
            return;
        }
        DisbursementResult result = gateway.disburse(
                new DisbursementOrder("disbursement-" + loanId, loanId, loan.principal(), loan.vehicle().vin()));
        Instant now = clock.instant();
        loans.insertSchedule(loanId, ScheduleCalculator.calculate(loan.principal(), loan.termMonths(),
                loan.annualRate(), loan.repaymentMethod(), accounts.dateOf(now)));
        loans.recordDisbursement(loanId, result.gatewayReference(), now);
        ledger.append(loanId, LedgerEntryType.DISBURSEMENT, loan.principal(), result.gatewayReference(), now,
                "paid to the dealer of vehicle " + loan.vehicle().vin());
        log.info("Loan {} disbursed, gateway reference {}", loanId, result.gatewayReference());
    }
}
