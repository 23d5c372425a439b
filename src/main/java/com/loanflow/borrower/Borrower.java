package com.loanflow.borrower;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;

/**
 * An applicant or borrower; contacts are kept separately because they change over the life of a loan. Quiet hours
 * are null until the borrower chooses their own (LoanFlow's default applies); opted-out channels are ignored by
 * regulatory notices only.
 */
public record Borrower(String id, String name, String idNumber, String language, List<Channel> preferredChannels,
                       ZoneId timeZone, LocalTime quietHoursStart, LocalTime quietHoursEnd,
                       List<Channel> optedOutChannels, Instant createdAt) {
}
