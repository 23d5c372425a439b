package com.loanflow.application;

import com.loanflow.application.credit.CreditBureau;
import com.loanflow.application.credit.CreditInquiry;
import com.loanflow.application.credit.CreditReport;
import com.loanflow.borrower.Borrower;
import com.loanflow.borrower.BorrowerRepository;
import com.loanflow.loan.Loan;
import com.loanflow.loan.LoanRepository;
import java.time.Clock;
import org.springframework.stereotype.Service;

/** Asks the credit bureau about the applicant and keeps its answer on the loan. */
@Service
public class CreditCheckService {

    private final LoanRepository loans;
    private final BorrowerRepository borrowers;
    private final CreditBureau bureau;
    private final Clock clock;

    CreditCheckService(LoanRepository loans, BorrowerRepository borrowers, CreditBureau bureau, Clock clock) {
        this.loans = loans;
        this.borrowers = borrowers;
        this.bureau = bureau;
        this.clock = clock;
    }

    public void check(String loanId) {
        Loan loan = loans.get(loanId);
        Borrower borrower = borrowers.find(loan.borrowerId()).orElseThrow();
        CreditReport report = bureau.report(new CreditInquiry(loanId, borrower.name(), borrower.idNumber(),
                loan.declaredMonthlyIncome(), loan.vehicle().vin()));
        loans.recordCreditReport(loanId, new Loan.CreditReport(report.creditScore(), report.creditRecord().name(),
                report.verifiedMonthlyIncome(), report.vehicleOwnershipVerified(), clock.instant()));
    }
}
