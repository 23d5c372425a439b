package com.loanflow.disbursement;

/**
 * The payment gateway that pays a loan out. The order's {@code idempotencyKey} is passed as the gateway's client
 * reference, so a retried job (after a timeout or a crash before commit) never pays twice. Throws
 * {@link PaymentGatewayUnavailableException} when the gateway cannot take the order now.
 */
public interface PaymentGateway {

    DisbursementResult disburse(DisbursementOrder order);
}
