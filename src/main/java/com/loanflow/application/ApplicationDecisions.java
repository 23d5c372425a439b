package com.loanflow.application;

import com.loanflow.loan.LoanRepository;
import com.loanflow.loan.LoanStatus;
import java.time.Clock;
import org.springframework.stereotype.Service;

/** Records the prescreen's and the reviewer's decisions on the loan, where the API and staff see them. */
@Service
public class ApplicationDecisions {

    private final LoanRepository loans;
    private final Clock clock;

    ApplicationDecisions(LoanRepository loans, Clock clock) {
        this.loans = loans;
        this.clock = clock;
    }

    public void recordPrescreen(String loanId, String decision, String reason) {
        LoanStatus status = "MANUAL_REVIEW".equals(decision) ? LoanStatus.MANUAL_REVIEW : LoanStatus.UNDER_REVIEW;
        loans.recordRiskDecision(loanId, decision, reason, status, clock.instant());
    }

    /** Approved: the contract goes out and the loan waits for the borrower's signature. */
    public void approve(String loanId, String reason) {
        loans.recordRiskDecision(loanId, "APPROVE", reason, LoanStatus.AWAITING_SIGNATURE, clock.instant());
    }

    public void reject(String loanId, String reason) {
        loans.recordRiskDecision(loanId, "REJECT", reason, LoanStatus.REJECTED, clock.instant());
    }
}
