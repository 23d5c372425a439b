package com.loanflow.notice.channel.sms;

import com.loanflow.notice.channel.DeliveryException;

/**
 * {@link DeliveryException#code()} values the SMS gateways use where the provider gave no code of its own: transport
 * failures, answers that cannot be read, and a message a gateway cannot carry at all. Provider codes (Twilio
 * {@code 21211}, Aliyun {@code isv.MOBILE_NUMBER_ILLEGAL}) are passed on unchanged.
 */
public final class SmsErrorCodes {

    /**
     * Permanent for the gateway, not for the number: the gateway only sends approved templates and the message has
     * none. The failover sends such a message through the other gateway instead of giving up on the borrower's number.
     */
    public static final String NO_TEMPLATE = "NO_TEMPLATE";
    /** Connected, but no answer within the read timeout: the provider may or may not have taken the message. */
    public static final String TIMEOUT = "TIMEOUT";
    /** No connection within the connect timeout: the provider certainly did not take the message. */
    public static final String CONNECT_TIMEOUT = "CONNECT_TIMEOUT";
    /** Refused or unreachable: the provider certainly did not take the message. */
    public static final String CONNECTION_FAILED = "CONNECTION_FAILED";
    /** The connection broke while the request or the answer was under way. */
    public static final String IO_ERROR = "IO_ERROR";
    public static final String INTERRUPTED = "INTERRUPTED";
    /** The provider answered, but not in its documented format. */
    public static final String MALFORMED_RESPONSE = "MALFORMED_RESPONSE";
    /** A gateway failed in a way its adapter did not foresee (a bug, not an answer of the provider). */
    public static final String GATEWAY_ERROR = "GATEWAY_ERROR";
    /** The primary gateway's circuit breaker is open and there is no backup gateway. */
    public static final String CIRCUIT_OPEN = "CIRCUIT_OPEN";
    /** Primary and backup gateway both failed temporarily. */
    public static final String GATEWAYS_UNAVAILABLE = "SMS_GATEWAYS_UNAVAILABLE";

    private SmsErrorCodes() {
    }

    /** For an HTTP error answer that carries no provider code. */
    public static String http(int status) {
        return "HTTP_" + status;
    }

    /** Whether the gateway refused the message for a reason of its own, so another gateway may still send it. */
    public static boolean gatewayCannotCarry(DeliveryException failure) {
        return failure.permanent() && NO_TEMPLATE.equals(failure.code());
    }
}
