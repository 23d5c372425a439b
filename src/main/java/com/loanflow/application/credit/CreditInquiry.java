package com.loanflow.application.credit;

import java.math.BigDecimal;

/** What LoanFlow tells the bureau: who is asking for credit, what income they declared, which vehicle secures it. */
public record CreditInquiry(String loanId, String name, String idNumber, BigDecimal declaredMonthlyIncome,
                            String vin) {
}
