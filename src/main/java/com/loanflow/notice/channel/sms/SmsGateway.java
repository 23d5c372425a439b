package com.loanflow.notice.channel.sms;

import com.loanflow.notice.channel.DeliveryException;
import com.loanflow.notice.channel.OutboundMessage;
import com.loanflow.notice.channel.SendResult;

/**
 * One SMS gateway account (Twilio, Aliyun SMS). The SMS channel provider puts a primary and a backup gateway behind
 * a circuit breaker; each gateway only knows its own wire format.
 */
public interface SmsGateway {

    String name();

    /** @throws DeliveryException temporary (5xx, timeout, throttling) or permanent (invalid number, opted out) */
    SendResult send(OutboundMessage message);
}
