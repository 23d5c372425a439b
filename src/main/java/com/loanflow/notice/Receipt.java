package com.loanflow.notice;

import com.loanflow.notice.channel.ReceiptOutcome;
import java.time.Instant;

/** A provider's report about an attempt, kept exactly as received (append-only). */
public record Receipt(String id, String attemptId, String provider, String providerMessageId, ReceiptOutcome outcome,
                      String detail, Instant occurredAt, Instant receivedAt, String eventId) {
}
