package com.loanflow.notice.channel;

import com.loanflow.borrower.Channel;

/**
 * What a channel provider is asked to deliver: one attempt of one notice, rendered for its channel and language.
 * {@code attemptId} is the idempotency key the provider receives as client reference.
 */
public record OutboundMessage(String attemptId, String noticeId, String loanId, String event, Channel channel,
                              String address, String language, ChannelContent content) {
}
