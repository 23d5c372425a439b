package com.loanflow;

import com.loanflow.support.H2IntegrationTest;

/** The loan journeys on H2, the single-machine default database. */
class H2LoanJourneyIT extends H2IntegrationTest implements LoanJourneyScenarios {
}
