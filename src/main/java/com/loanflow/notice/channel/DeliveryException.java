package com.loanflow.notice.channel;

/**
 * A provider did not take a message. Temporary failures (5xx, timeouts, throttling) are retried on the same channel
 * with backoff; permanent ones (invalid number, unknown recipient, unsubscribed) mark the contact invalid and the
 * delivery moves on to the next channel.
 */
public class DeliveryException extends RuntimeException {

    private final boolean permanent;
    private final String code;

    private DeliveryException(boolean permanent, String code, String message, Throwable cause) {
        super(message, cause);
        this.permanent = permanent;
        this.code = code;
    }

    public static DeliveryException temporary(String code, String message) {
        return new DeliveryException(false, code, message, null);
    }

    public static DeliveryException temporary(String code, String message, Throwable cause) {
        return new DeliveryException(false, code, message, cause);
    }

    public static DeliveryException permanent(String code, String message) {
        return new DeliveryException(true, code, message, null);
    }

    public boolean permanent() {
        return permanent;
    }

    /** The provider's error code (e.g. Twilio 21211, Aliyun isv.MOBILE_NUMBER_ILLEGAL). */
    public String code() {
        return code;
    }
}
