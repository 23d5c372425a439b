package com.loanflow.borrower;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/** An applicant or borrower; contacts are kept separately because they change over the life of a loan. */
public record Borrower(String id, String name, String idNumber, String language, List<Channel> preferredChannels,
                       ZoneId timeZone, Instant createdAt) {
}
