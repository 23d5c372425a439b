package com.loanflow.notice;

import java.time.Instant;
import java.util.Map;

/**
 * One borrower-facing message about one lifecycle event, across every channel tried. The text and the template
 * parameters are fixed when the notice is raised, so every channel and every retry says the same thing.
 */
public record Notice(String id, String loanId, String borrowerId, NoticeEvent event, NoticeStatus status,
                     String language, int templateVersion, String subject, String body,
                     Map<String, String> parameters, String reference, String processInstanceId, int planRevision,
                     boolean readAckRequired, Instant createdAt, Instant deliveredAt, Instant readAt, Instant confirmedAt,
                     Instant escalatedAt, String resolvedBy) {

    /** Confirmed by the borrower's channel or by the borrower, or settled by staff: nothing left to deliver. */
    public boolean confirmed() {
        return confirmedAt != null;
    }
}
