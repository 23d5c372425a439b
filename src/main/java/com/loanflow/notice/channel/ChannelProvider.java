package com.loanflow.notice.channel;

import com.loanflow.borrower.Channel;

/**
 * A provider that delivers notices: an SMS gateway, an SMTP server, WeChat, a push service, the in-app message
 * center, or the sandbox. Each provider is one adapter package with its own configuration properties.
 */
public interface ChannelProvider {

    /** The provider's name, recorded on each attempt and used in its receipt webhook path. */
    String name();

    boolean supports(Channel channel);

    /**
     * Hands the message to the provider. {@link OutboundMessage#attemptId()} is the idempotency key and is passed
     * to the provider as its client reference, so a retried send is recognised instead of delivered twice.
     *
     * @throws DeliveryException when the provider refuses the message, temporarily or for good
     */
    SendResult send(OutboundMessage message);

    /**
     * Whether the provider recognises a message sent again with the same attempt id and does not deliver it twice
     * (WeChat's {@code client_msg_id}). Only such a provider may be called again for an attempt whose first call
     * ended without a recorded answer; SMS gateways, SMTP and JPush would deliver a second copy.
     */
    default boolean recognisesRepeats() {
        return false;
    }
}
