package com.loanflow.notice.channel;

/**
 * A provider did not take a message, or it is not known whether it did. Temporary failures (5xx, refused connections,
 * throttling) are retried on the same channel with backoff; permanent ones (invalid number, unknown recipient,
 * unsubscribed) mark the contact invalid and the delivery moves on to the next channel.
 *
 * <p>An unknown outcome (the request went out, the answer did not come back: a read timeout, a connection reset
 * mid-answer, an answer that cannot be read) is not a failure: the provider may have taken the message and the
 * borrower may have it. Sending it again could reach the borrower twice, so the attempt waits for its receipt instead.
 */
public class DeliveryException extends RuntimeException {

    /** How much is known about the message after the failure. */
    public enum Kind {
        TEMPORARY, PERMANENT, OUTCOME_UNKNOWN
    }

    private final Kind kind;
    private final String code;

    private DeliveryException(Kind kind, String code, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.code = code;
    }

    public static DeliveryException temporary(String code, String message) {
        return new DeliveryException(Kind.TEMPORARY, code, message, null);
    }

    public static DeliveryException temporary(String code, String message, Throwable cause) {
        return new DeliveryException(Kind.TEMPORARY, code, message, cause);
    }

    public static DeliveryException permanent(String code, String message) {
        return new DeliveryException(Kind.PERMANENT, code, message, null);
    }

    /** The request may have reached the provider: the message must not be sent again to this address. */
    public static DeliveryException outcomeUnknown(String code, String message, Throwable cause) {
        return new DeliveryException(Kind.OUTCOME_UNKNOWN, code, message, cause);
    }

    public Kind kind() {
        return kind;
    }

    public boolean permanent() {
        return kind == Kind.PERMANENT;
    }

    public boolean outcomeUnknown() {
        return kind == Kind.OUTCOME_UNKNOWN;
    }

    /** The provider's error code (e.g. Twilio 21211, Aliyun isv.MOBILE_NUMBER_ILLEGAL). */
    public String code() {
        return code;
    }
}
