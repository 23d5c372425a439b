package com.loanflow.disbursement;

/** The gateway (or bank clearing behind it) did not take the order; a later try may succeed. */
public class PaymentGatewayUnavailableException extends RuntimeException {

    public PaymentGatewayUnavailableException(String message) {
        super(message);
    }
}
