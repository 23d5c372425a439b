package com.loanflow;

import com.loanflow.support.PostgresIntegrationTest;

/** The loan journeys on PostgreSQL, LoanFlow's production database. */
class PostgresLoanJourneyIT extends PostgresIntegrationTest implements LoanJourneyScenarios {
}
