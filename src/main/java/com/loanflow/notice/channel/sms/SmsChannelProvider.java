package com.loanflow.notice.channel.sms;

import static com.loanflow.notice.channel.sms.SmsErrorCodes.gatewayCannotCarry;

import com.loanflow.borrower.Channel;
import com.loanflow.notice.channel.ChannelProvider;
import com.loanflow.notice.channel.DeliveryException;
import com.loanflow.notice.channel.OutboundMessage;
import com.loanflow.notice.channel.ProviderActivity;
import com.loanflow.notice.channel.SendResult;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Conditional;
import org.springframework.stereotype.Component;

/**
 * The SMS channel: a primary gateway behind a circuit breaker and a backup gateway that takes over (D8).
 *
 * <p>A message goes to the backup, with the same attempt id and so the same client reference, when the primary fails
 * temporarily (5xx, refused connection, throttling, our own account or template refused) or its breaker is open. A
 * primary that may have taken the message (timeout or reset after the request went out) is not failed over: the
 * attempt waits for the primary's receipt. A permanent
 * failure (the number is invalid, unsubscribed) is the number's fault, not the gateway's: it is neither sent again
 * through the backup nor counted against the primary's breaker (the gateway answered, so it counts as a success). The
 * one exception is a message the primary cannot carry at all ({@link SmsErrorCodes#NO_TEMPLATE}), which the backup
 * may still send and which does not touch the breaker. {@link SendResult#provider()} names the gateway that took the
 * message, as its receipts arrive on that gateway's webhook.
 *
 * <p>With a single gateway configured it sends alone, still behind the breaker. The bean exists when at least one
 * gateway is enabled; a new gateway adds its {@code enabled} property to {@link AnyGatewayEnabled} (a property
 * condition, because {@code @ConditionalOnBean} on scanned components depends on scan order).
 */
@Component
@Conditional(SmsChannelProvider.AnyGatewayEnabled.class)
public class SmsChannelProvider implements ChannelProvider {

    public static final String NAME = "sms";

    private static final Logger log = LoggerFactory.getLogger(SmsChannelProvider.class);

    private final SmsGateway primary;
    private final SmsGateway backup;
    private final CircuitBreaker breaker;
    /** The backup has no breaker of its own; its answers during failovers are all that is known of its health. */
    private final ProviderActivity backupActivity = new ProviderActivity();
    private final LongAdder failovers = new LongAdder();

    public SmsChannelProvider(List<SmsGateway> gateways, SmsProperties properties) {
        Map<String, SmsGateway> byName = new LinkedHashMap<>();
        for (SmsGateway gateway : gateways) {
            if (byName.putIfAbsent(gateway.name(), gateway) != null) {
                throw new IllegalStateException("Two SMS gateways are named " + gateway.name());
            }
        }
        SmsGateway first = byName.get(properties.primary());
        SmsGateway second = isBlank(properties.backup()) || properties.backup().equals(properties.primary())
                ? null : byName.get(properties.backup());
        if (first == null && second == null) {
            if (byName.size() != 1) {
                throw new IllegalStateException("loanflow.notice.sms.primary (" + properties.primary()
                        + ") and backup (" + properties.backup() + ") name none of the SMS gateways "
                        + byName.keySet());
            }
            first = byName.values().iterator().next();
        } else if (first == null) {
            log.warn("SMS primary gateway {} is not enabled; {} sends alone", properties.primary(), second.name());
            first = second;
            second = null;
        }
        this.primary = first;
        this.backup = second;
        this.breaker = CircuitBreaker.of("sms-" + primary.name(), breakerConfig(properties.circuitBreaker()));
        breaker.getEventPublisher().onStateTransition(event -> log.warn("SMS gateway {} circuit breaker: {}",
                primary.name(), event.getStateTransition()));
        byName.keySet().stream()
                .filter(name -> !name.equals(primary.name()) && (backup == null || !name.equals(backup.name())))
                .forEach(name -> log.warn("SMS gateway {} is enabled but neither primary nor backup", name));
        log.info("SMS channel: primary {}, backup {}", primary.name(), backup == null ? "none" : backup.name());
    }

    private static CircuitBreakerConfig breakerConfig(SmsProperties.CircuitBreaker settings) {
        return CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.slidingWindowSize())
                .minimumNumberOfCalls(settings.minimumNumberOfCalls())
                .failureRateThreshold(settings.failureRateThreshold())
                .waitDurationInOpenState(settings.waitDurationInOpenState())
                .permittedNumberOfCallsInHalfOpenState(settings.permittedCallsInHalfOpenState())
                .slowCallDurationThreshold(settings.slowCallDurationThreshold())
                .build();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean supports(Channel channel) {
        return channel == Channel.SMS;
    }

    @Override
    public SendResult send(OutboundMessage message) {
        try {
            return sendOnce(message);
        } catch (DeliveryException failure) {
            if (gatewayCannotCarry(failure)) {
                // No configured gateway can carry this notice (e.g. no approved template): LoanFlow's configuration,
                // not the borrower's number, so it must not be reported as permanent and mark the number invalid.
                throw DeliveryException.temporary(failure.code(), failure.getMessage(), failure);
            }
            throw failure;
        }
    }

    private SendResult sendOnce(OutboundMessage message) {
        DeliveryException primaryFailure;
        if (!breaker.tryAcquirePermission()) {
            primaryFailure = DeliveryException.temporary(SmsErrorCodes.CIRCUIT_OPEN,
                    "SMS gateway " + primary.name() + " is considered down (circuit breaker open)");
        } else {
            long start = System.nanoTime();
            try {
                SendResult result = primary.send(message);
                breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                return result;
            } catch (DeliveryException failure) {
                if (gatewayCannotCarry(failure)) {
                    // Refused before any call was made: says nothing about the gateway's health.
                    breaker.releasePermission();
                } else if (failure.permanent()) {
                    // The gateway answered, and rightly so: it is working, and the number is what failed.
                    breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                    throw failure;
                } else if (failure.outcomeUnknown()) {
                    // The primary may have the SMS: the backup sending it too would reach the borrower twice.
                    breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, failure);
                    throw failure;
                } else {
                    breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, failure);
                }
                primaryFailure = failure;
            } catch (RuntimeException bug) {
                breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, bug);
                log.error("SMS gateway {} failed unexpectedly on attempt {}", primary.name(), message.attemptId(),
                        bug);
                primaryFailure = DeliveryException.temporary(SmsErrorCodes.GATEWAY_ERROR,
                        primary.name() + " failed: " + bug, bug);
            }
        }
        if (backup == null) {
            throw primaryFailure;
        }
        return sendThroughBackup(message, primaryFailure);
    }

    private SendResult sendThroughBackup(OutboundMessage message, DeliveryException primaryFailure) {
        log.warn("SMS attempt {} not sent by {} ({}); sending through {}", message.attemptId(), primary.name(),
                primaryFailure.code(), backup.name());
        failovers.increment();
        try {
            SendResult result = backup.send(message);
            backupActivity.succeeded();
            return result;
        } catch (DeliveryException backupFailure) {
            if (gatewayCannotCarry(backupFailure) && !primaryFailure.permanent()) {
                // The backup cannot carry it, so the primary's temporary failure is what is to be retried.
                throw primaryFailure;
            }
            if (!gatewayCannotCarry(backupFailure)) {
                // A permanent failure is the number's: the backup answered, so it works.
                if (backupFailure.permanent()) {
                    backupActivity.succeeded();
                } else {
                    backupActivity.failed(backupFailure.code() + ": " + backupFailure.getMessage());
                }
            }
            if (backupFailure.outcomeUnknown()) {
                throw backupFailure;
            }
            if (backupFailure.permanent() || primaryFailure.permanent()) {
                // The backup's verdict on the number stands; or the primary could not carry the message at all.
                throw backupFailure;
            }
            throw bothFailed(primaryFailure, backupFailure);
        } catch (RuntimeException bug) {
            log.error("SMS gateway {} failed unexpectedly on attempt {}", backup.name(), message.attemptId(), bug);
            backupActivity.failed(SmsErrorCodes.GATEWAY_ERROR + ": " + bug);
            throw bothFailed(primaryFailure, DeliveryException.temporary(SmsErrorCodes.GATEWAY_ERROR,
                    backup.name() + " failed: " + bug, bug));
        }
    }

    private DeliveryException bothFailed(DeliveryException primaryFailure, DeliveryException backupFailure) {
        DeliveryException failure = DeliveryException.temporary(SmsErrorCodes.GATEWAYS_UNAVAILABLE,
                "SMS gateways " + primary.name() + " (" + primaryFailure.code() + ") and " + backup.name() + " ("
                        + backupFailure.code() + ") both failed", backupFailure);
        failure.addSuppressed(primaryFailure);
        return failure;
    }

    /** The primary gateway's breaker state, for health and metrics. */
    public CircuitBreaker.State primaryCircuitState() {
        return breaker.getState();
    }

    /** The primary gateway's breaker itself, for binding its metrics (resilience4j-micrometer). */
    public CircuitBreaker primaryCircuitBreaker() {
        return breaker;
    }

    /** Messages handed to the backup because the primary failed, could not carry them or its breaker was open. */
    public long failovers() {
        return failovers.sum();
    }

    /** The backup's answers during failovers, for its health; silent while the primary copes. */
    public ProviderActivity.Snapshot backupActivity() {
        return backupActivity.snapshot();
    }

    public String primaryGateway() {
        return primary.name();
    }

    /** The backup gateway's name, or {@code null} when the primary sends alone. */
    public String backupGateway() {
        return backup == null ? null : backup.name();
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    /** The bean exists when at least one SMS gateway is enabled. */
    static class AnyGatewayEnabled extends AnyNestedCondition {

        AnyGatewayEnabled() {
            super(ConfigurationPhase.REGISTER_BEAN);
        }

        @ConditionalOnProperty(name = "loanflow.notice.aliyun-sms.enabled", havingValue = "true")
        static class AliyunSms {
        }

        @ConditionalOnProperty(name = "loanflow.notice.twilio.enabled", havingValue = "true")
        static class Twilio {
        }
    }
}
