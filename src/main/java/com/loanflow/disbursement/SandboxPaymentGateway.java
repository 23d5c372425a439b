package com.loanflow.disbursement;

import com.loanflow.sandbox.ConditionalOnSandbox;
import com.loanflow.sandbox.SandboxSettings;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The sandbox payment gateway: fails the first {@code loanflow.sandbox.gateway-failures-before-success} calls of each
 * order, then pays; a repeated order with the same idempotency key gets the original payment's reference back.
 */
@Component
@ConditionalOnSandbox
class SandboxPaymentGateway implements PaymentGateway {

    private final int failuresBeforeSuccess;
    private final Map<String, Integer> calls = new ConcurrentHashMap<>();
    private final Map<String, DisbursementResult> payments = new ConcurrentHashMap<>();

    SandboxPaymentGateway(SandboxSettings settings) {
        this.failuresBeforeSuccess = settings.gatewayFailuresBeforeSuccess();
    }

    @Override
    public DisbursementResult disburse(DisbursementOrder order) {
        int call = calls.merge(order.idempotencyKey(), 1, Integer::sum);
        if (call <= failuresBeforeSuccess) {
            throw new PaymentGatewayUnavailableException("Sandbox payment gateway unavailable (bank clearing closed), "
                    + "call " + call + " for " + order.loanId());
        }
        return payments.computeIfAbsent(order.idempotencyKey(),
                key -> new DisbursementResult("SBX-PAY-" + order.loanId()));
    }

    /** How many payments the sandbox made; a test proves a retried disbursement is paid only once. */
    int paymentsMade() {
        return payments.size();
    }
}
