package com.loanflow.notice;

import java.time.Instant;

/** One borrower-facing message about one lifecycle event, across every channel tried. */
public record Notice(String id, String loanId, String borrowerId, NoticeEvent event, NoticeStatus status,
                     String language, int templateVersion, String subject, String body, String reference,
                     String processInstanceId, Instant createdAt, Instant confirmedAt) {
}
