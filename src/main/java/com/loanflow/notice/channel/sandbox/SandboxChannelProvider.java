package com.loanflow.notice.channel.sandbox;

import static com.loanflow.common.Jdbc.utc;

import com.loanflow.borrower.Channel;
import com.loanflow.notice.ReceiptService;
import com.loanflow.notice.channel.ChannelProvider;
import com.loanflow.notice.channel.ChannelProviders;
import com.loanflow.notice.channel.DeliveryException;
import com.loanflow.notice.channel.OutboundMessage;
import com.loanflow.notice.channel.ProviderReceipt;
import com.loanflow.notice.channel.ReceiptOutcome;
import com.loanflow.notice.channel.SendResult;
import com.loanflow.sandbox.ConditionalOnSandbox;
import com.loanflow.sandbox.SandboxSettings;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The sandbox stands in for the SMS gateways, the e-mail server, WeChat and the push service. It records every
 * message in its outbox ({@code GET /api/sandbox/outbox}) and, like a real provider, sends a receipt a little later.
 * The address chooses what happens, like a payment provider's test cards (API.md):
 * phone ending 0000 — invalid number; 9999 — accepted, never confirmed; e-mail at bounce.example — bounces;
 * at blackhole.example — never confirmed; WeChat open id or push token starting "none" — never confirmed; anything
 * else — delivered after {@code loanflow.sandbox.receipt-delay}, with the configured random failure rates.
 * A second send of the same attempt is recognised by its idempotency key, as a real provider's client reference is.
 */
@Component
@ConditionalOnSandbox
public class SandboxChannelProvider implements ChannelProvider {

    private static final Logger log = LoggerFactory.getLogger(SandboxChannelProvider.class);
    private static final Set<Channel> CHANNELS = EnumSet.of(Channel.SMS, Channel.EMAIL, Channel.WECHAT, Channel.PUSH);

    private final JdbcClient jdbc;
    private final ReceiptService receipts;
    private final SandboxSettings settings;
    private final Clock clock;
    private final AtomicInteger receiptsInFlight = new AtomicInteger();
    private final ScheduledExecutorService receiptSender = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "sandbox-receipts");
        thread.setDaemon(true);
        return thread;
    });

    SandboxChannelProvider(JdbcClient jdbc, ReceiptService receipts, SandboxSettings settings, Clock clock) {
        this.jdbc = jdbc;
        this.receipts = receipts;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public String name() {
        return ChannelProviders.SANDBOX;
    }

    @Override
    public boolean supports(Channel channel) {
        return CHANNELS.contains(channel);
    }

    @Override
    public boolean recognisesRepeats() {
        return true;
    }

    @Override
    public SendResult send(OutboundMessage message) {
        String address = message.address().toLowerCase(Locale.ROOT);
        if (message.channel() == Channel.SMS && address.endsWith("0000")) {
            throw DeliveryException.permanent("INVALID_NUMBER", "Sandbox SMS gateway: invalid number");
        }
        String messageId = "SBX-" + message.attemptId();
        if (record(message, messageId)) {
            scheduleReceipt(message, address, messageId);
        }
        return new SendResult(name(), messageId);
    }

    /** @return false when this attempt was already sent (a retried send): no second message, no second receipt */
    private boolean record(OutboundMessage message, String messageId) {
        try {
            jdbc.sql("""
                    insert into sandbox_message (id, attempt_id, loan_id, notice_id, event, channel, provider, address,
                        subject, body, created_at)
                    values (:id, :attemptId, :loanId, :noticeId, :event, :channel, :provider, :address, :subject,
                        :body, :createdAt)""")
                    .param("id", messageId)
                    .param("attemptId", message.attemptId())
                    .param("loanId", message.loanId())
                    .param("noticeId", message.noticeId())
                    .param("event", message.event())
                    .param("channel", message.channel().name())
                    .param("provider", name())
                    .param("address", message.address())
                    .param("subject", message.content().subject() == null ? "" : message.content().subject())
                    .param("body", message.content().body())
                    .param("createdAt", utc(clock.instant()))
                    .update();
            return true;
        } catch (DuplicateKeyException alreadySent) {
            return false;
        }
    }

    private void scheduleReceipt(OutboundMessage message, String address, String messageId) {
        ReceiptOutcome outcome = outcome(message.channel(), address);
        if (outcome == null) {
            return;
        }
        receiptsInFlight.incrementAndGet();
        receiptSender.schedule(() -> {
            try {
                receipts.apply(new ProviderReceipt(name(), messageId, message.attemptId(), outcome,
                        outcome == ReceiptOutcome.DELIVERED ? "delivered" : "sandbox " + outcome.name().toLowerCase(),
                        clock.instant(), messageId + ":" + outcome));
            } catch (RuntimeException e) {
                // A real provider would retry its callback; the delivery process times out and moves on anyway.
                log.warn("Sandbox receipt for attempt {} could not be applied: {}", message.attemptId(), e.toString());
            } finally {
                receiptsInFlight.decrementAndGet();
            }
        }, settings.receiptDelay().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** What the sandbox reports for an address; null when it never reports anything. */
    private ReceiptOutcome outcome(Channel channel, String address) {
        boolean neverConfirmed = switch (channel) {
            case SMS -> address.endsWith("9999");
            case EMAIL -> address.endsWith("@blackhole.example");
            case WECHAT, PUSH -> address.startsWith("none");
            case IN_APP -> true;
        };
        if (neverConfirmed) {
            return null;
        }
        if (channel == Channel.EMAIL && address.endsWith("@bounce.example")) {
            return ReceiptOutcome.PERMANENT_FAILURE;
        }
        double dice = ThreadLocalRandom.current().nextDouble();
        if (dice < settings.permanentFailureRate()) {
            return ReceiptOutcome.PERMANENT_FAILURE;
        }
        if (dice < settings.permanentFailureRate() + settings.temporaryFailureRate()) {
            return ReceiptOutcome.TEMPORARY_FAILURE;
        }
        return ReceiptOutcome.DELIVERED;
    }

    /** Receipts scheduled but not yet applied: load and integration tests wait for zero before they measure. */
    public int receiptsInFlight() {
        return receiptsInFlight.get();
    }

    @PreDestroy
    void stop() {
        receiptSender.shutdownNow();
    }
}
