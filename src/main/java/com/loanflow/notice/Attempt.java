package com.loanflow.notice;

import com.loanflow.borrower.Channel;
import java.time.Instant;

/**
 * One try of one notice on one channel through one provider: its id is the provider's idempotency key. The content
 * (subject, body, gateway template reference), its hash and the address are written once and never change; only the
 * state moves on as the provider answers.
 */
public record Attempt(String id, String noticeId, int planRevision, int step, int tryNumber, Channel channel,
                      String provider, String address, String maskedAddress, AttemptStatus status, String subject,
                      String body, String templateReference, String contentHash, String providerMessageId,
                      Instant createdAt, Instant sentAt, Instant confirmationDeadline, Instant deliveredAt,
                      String failureReason) {
}
