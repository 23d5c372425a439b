package com.loanflow.notice;

import com.loanflow.borrower.Channel;
import java.time.Instant;

/** One try of one notice on one channel through one provider; its id is the provider's idempotency key. */
public record Attempt(String id, String noticeId, Channel channel, String provider, String address,
                      AttemptStatus status, String contentHash, String providerMessageId, Instant createdAt,
                      Instant sentAt, Instant deliveredAt, String failureReason) {
}
