package com.loanflow.notice.channel;

import java.time.Instant;

/**
 * One receipt as a provider sent it, parsed from its own wire format. It names the message by the provider's message
 * id and, where the provider echoes it, by LoanFlow's attempt id (the client reference). {@code eventId} identifies
 * the receipt itself, so a duplicate delivery of the same webhook is recognised.
 */
public record ProviderReceipt(String provider, String providerMessageId, String attemptId, ReceiptOutcome outcome,
                              String detail, Instant occurredAt, String eventId) {
}
