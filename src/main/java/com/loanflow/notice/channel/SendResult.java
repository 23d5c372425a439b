package com.loanflow.notice.channel;

/**
 * The provider that took the message (a failover provider names the one that actually sent) and its message id,
 * by which its receipts refer to the message.
 */
public record SendResult(String provider, String providerMessageId) {
}
