package com.loanflow.settlement;

import com.loanflow.loan.Loan;
import com.loanflow.loan.LoanRepository;
import com.loanflow.process.ProcessSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.springframework.stereotype.Component;

/**
 * The settlement-notice SLA: the borrower must have confirmed {@code LOAN_SETTLED} within
 * {@code loanflow.process.settlement.notice-sla} of the payoff. The lifecycle's SLA timer reads
 * {@code ${settlementSla.noticeDeadline(loanId)}}; the KPI counts against the same deadline.
 */
@Component("settlementSla")
public class SettlementSla {

    private final LoanRepository loans;
    private final ProcessSettings settings;
    private final Clock clock;

    SettlementSla(LoanRepository loans, ProcessSettings settings, Clock clock) {
        this.loans = loans;
        this.settings = settings;
        this.clock = clock;
    }

    public Date noticeDeadline(String loanId) {
        return Date.from(deadline(loans.get(loanId)));
    }

    /** Counted from the payoff; a loan not (or no longer) settled starts counting now. */
    public Instant deadline(Loan loan) {
        Instant paidOff = loan.settledAt() == null ? clock.instant() : loan.settledAt();
        return paidOff.plus(noticeSla());
    }

    /** From the payoff to the borrower's confirmation of {@code LOAN_SETTLED}. */
    public Duration noticeSla() {
        return settings.settlement().noticeSla();
    }
}
