package com.loanflow.notice.channel;

import com.loanflow.borrower.Channel;
import org.springframework.stereotype.Component;

/**
 * The borrower app's message center (D13): every notice is listed there through {@code GET /api/loans/{id}/notices},
 * so "sending" on this channel only records the attempt. It is confirmed by the borrower's read acknowledgement. Its
 * message id is the attempt's, as every provider's message id names exactly one attempt.
 */
@Component
class InAppMessageCenter implements ChannelProvider {

    @Override
    public String name() {
        return "in-app";
    }

    @Override
    public boolean supports(Channel channel) {
        return channel == Channel.IN_APP;
    }

    @Override
    public boolean recognisesRepeats() {
        return true;
    }

    @Override
    public SendResult send(OutboundMessage message) {
        return new SendResult(name(), message.attemptId());
    }
}
