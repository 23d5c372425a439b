package com.loanflow.application;

import com.loanflow.loan.Loan;
import com.loanflow.loan.LoanRepository;
import com.loanflow.loan.schedule.ScheduleCalculator;
import com.loanflow.loan.schedule.ScheduledInstalment;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The inputs of {@code dmn/risk-prescreen.dmn}, computed from the loan and its credit report. The business rule task
 * reads them as {@code ${riskFacts.of(loanId).creditScore}} into local variables, so they are recorded in the
 * decision's history without becoming process variables.
 */
@Component("riskFacts")
public class RiskFacts {

    private final LoanRepository loans;

    RiskFacts(LoanRepository loans) {
        this.loans = loans;
    }

    /** Missing facts are null, and the decision table sends an application with missing facts to a person. */
    public Map<String, Object> of(String loanId) {
        Loan loan = loans.get(loanId);
        Loan.CreditReport report = loan.creditReport();
        Map<String, Object> facts = new HashMap<>();
        facts.put("loanToValue", ratio(loan.principal(), loan.vehicle().price()));
        if (report != null) {
            facts.put("creditScore", report.creditScore());
            facts.put("creditRecord", report.creditRecord());
            facts.put("incomeRatio", ratio(report.verifiedMonthlyIncome(), loan.declaredMonthlyIncome()));
            facts.put("debtToIncome", ratio(largestInstalment(loan), report.verifiedMonthlyIncome()));
            facts.put("vehicleOwnershipVerified", report.vehicleOwnershipVerified());
        }
        return facts;
    }

    /** For 等额本金 the first instalment is the largest; the applicant must be able to carry that one. */
    private static BigDecimal largestInstalment(Loan loan) {
        return ScheduleCalculator.calculate(loan.principal(), loan.termMonths(), loan.annualRate(),
                        loan.repaymentMethod(), LocalDate.of(2000, 1, 1)).stream()
                .map(ScheduledInstalment::total)
                .max(BigDecimal::compareTo)
                .orElseThrow();
    }

    private static Double ratio(BigDecimal numerator, BigDecimal denominator) {
        if (numerator == null || denominator == null || denominator.signum() == 0) {
            return null;
        }
        return numerator.divide(denominator, MathContext.DECIMAL64).doubleValue();
    }
}
