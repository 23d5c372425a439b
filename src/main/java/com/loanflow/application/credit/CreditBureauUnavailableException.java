package com.loanflow.application.credit;

/** The bureau did not answer (down, overloaded, timed out); a later try may succeed. */
public class CreditBureauUnavailableException extends RuntimeException {

    public CreditBureauUnavailableException(String message) {
        super(message);
    }

    public CreditBureauUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
