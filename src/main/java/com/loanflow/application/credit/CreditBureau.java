package com.loanflow.application.credit;

/**
 * The credit bureau LoanFlow asks about an applicant. Implementations throw {@link CreditBureauUnavailableException}
 * when the bureau cannot answer now; the process retries with backoff and, when retries run out, raises an
 * incident carrying the exception's message.
 */
public interface CreditBureau {

    CreditReport report(CreditInquiry inquiry);
}
