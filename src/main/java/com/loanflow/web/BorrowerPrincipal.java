package com.loanflow.web;

import java.time.Instant;

/** The borrower a valid token was issued to, and the one loan it opens. */
record BorrowerPrincipal(String borrowerId, String loanId, Instant expiresAt) {
}
