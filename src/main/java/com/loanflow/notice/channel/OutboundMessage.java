package com.loanflow.notice.channel;

import com.loanflow.borrower.Channel;

/**
 * What a channel provider is asked to deliver. {@code attemptId} is the idempotency key: the provider passes it on as
 * its client reference, so a retried send is recognised by the provider instead of delivered twice.
 */
public record OutboundMessage(String attemptId, String noticeId, String loanId, String event, Channel channel,
                              String address, String subject, String body) {
}
