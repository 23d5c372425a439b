package com.loanflow.monitoring;

import com.loanflow.notice.AttemptOutcomeRecorded;
import com.loanflow.notice.channel.sms.SmsChannelProvider;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Notice delivery as Prometheus sees it.
 *
 * <ul>
 *   <li>{@value #ATTEMPTS} (tags {@code event}, {@code channel}, {@code provider}, {@code outcome}): one count per
 *       change of an attempt's state: {@code sent} when a provider took the message, then {@code delivered},
 *       {@code temporary_failure}, {@code permanent_failure} or {@code no_receipt}. Counted after the commit, so a
 *       job that rolls back and runs again, a receipt retried after a concurrent change, and a duplicate receipt
 *       count once. An attempt that timed out and was confirmed later counts as {@code no_receipt} and as
 *       {@code delivered}. {@code provider} is the gateway that took the message; for an SMS send that no gateway
 *       took it is {@code sms}, the channel.</li>
 *   <li>{@value #FAILOVER} (tags {@code channel}, {@code primary}, {@code backup}): SMS messages handed to the backup
 *       gateway because the primary failed or its circuit breaker was open.</li>
 *   <li>{@value #CIRCUIT_OPEN} (tag {@code gateway}): 1 while the SMS primary's breaker keeps messages away from
 *       it, else 0.</li>
 * </ul>
 */
@Component
class NoticeMetrics {

    static final String ATTEMPTS = "loanflow.notice.attempts";
    static final String FAILOVER = "loanflow.notice.failover";
    static final String CIRCUIT_OPEN = "loanflow.notice.sms.circuit.open";

    private final MeterRegistry registry;

    NoticeMetrics(MeterRegistry registry, ObjectProvider<SmsChannelProvider> sms) {
        this.registry = registry;
        sms.ifAvailable(this::bindSms);
    }

    @TransactionalEventListener(fallbackExecution = true)
    void outcomeRecorded(AttemptOutcomeRecorded outcome) {
        Counter.builder(ATTEMPTS)
                .description("Changes of notice attempts' states: sent, delivered, temporary_failure, "
                        + "permanent_failure, no_receipt")
                .tag("event", outcome.event().name())
                .tag("channel", outcome.channel().name())
                .tag("provider", outcome.provider())
                .tag("outcome", outcome.status().name().toLowerCase(Locale.ROOT))
                .register(registry)
                .increment();
    }

    private void bindSms(SmsChannelProvider sms) {
        if (sms.backupGateway() != null) {
            FunctionCounter.builder(FAILOVER, sms, SmsChannelProvider::failovers)
                    .description("SMS messages sent through the backup gateway because the primary could not take them")
                    .tag("channel", "SMS")
                    .tag("primary", sms.primaryGateway())
                    .tag("backup", sms.backupGateway())
                    .register(registry);
        }
        Gauge.builder(CIRCUIT_OPEN, sms, s -> open(s.primaryCircuitState()) ? 1 : 0)
                .description("1 while the SMS primary gateway's circuit breaker is open")
                .tag("gateway", sms.primaryGateway())
                .register(registry);
    }

    private static boolean open(CircuitBreaker.State state) {
        return state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.FORCED_OPEN;
    }
}
