package com.loanflow.notice.channel;

import com.loanflow.borrower.Channel;

/** A provider that delivers notices on one or more channels (an SMS gateway, an SMTP server, a push service…). */
public interface ChannelProvider {

    /** The provider's name, as recorded on each attempt and used in its receipt webhook path. */
    String name();

    boolean supports(Channel channel);

    /** Hands the message to the provider; returns the provider's message id. */
    String send(OutboundMessage message);
}
