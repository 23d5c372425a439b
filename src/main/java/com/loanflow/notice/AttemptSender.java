package com.loanflow.notice;

import com.loanflow.borrower.Masking;
import com.loanflow.notice.AttemptOutcomeRecorded.Stage;
import com.loanflow.notice.channel.ChannelContent;
import com.loanflow.notice.channel.ChannelProvider;
import com.loanflow.notice.channel.ChannelProviders;
import com.loanflow.notice.channel.DeliveryException;
import com.loanflow.notice.channel.OutboundMessage;
import com.loanflow.notice.channel.SendResult;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The send job of one attempt ("Send attempt"), in three steps that each commit on their own: claim the attempt
 * (SENDING), call the provider holding no row lock, and record its answer. Whatever fails after that (the process's
 * next steps, a contact change deleting the job, the node) cannot roll the answer back, so a run of the job again
 * finds the attempt answered and sends nothing. An attempt found still SENDING was interrupted between call and
 * answer: only a provider that recognises repeats is called again; for the others the outcome is unknown and the
 * attempt waits for its receipt.
 */
@Service
public class AttemptSender {

    private static final Logger log = LoggerFactory.getLogger(AttemptSender.class);

    private final NoticeRepository notices;
    private final SendStates states;
    private final ChannelProviders providers;
    private final ReceiptService receipts;
    private final DeliveryService delivery;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate ownTransaction;
    private final Clock clock;

    AttemptSender(NoticeRepository notices, SendStates states, ChannelProviders providers, ReceiptService receipts,
                  DeliveryService delivery, ApplicationEventPublisher events, PlatformTransactionManager transactions,
                  Clock clock) {
        this.notices = notices;
        this.states = states;
        this.providers = providers;
        this.receipts = receipts;
        this.delivery = delivery;
        this.events = events;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
    }

    public void send(String attemptId) {
        Attempt attempt = notices.findAttempt(attemptId).orElseThrow();
        Optional<ChannelProvider> provider = providers.forChannel(attempt.channel());
        AttemptStatus before = inOwnTransaction(() -> states.claim(attemptId).orElseThrow());
        if (before == AttemptStatus.SENDING && provider.filter(ChannelProvider::recognisesRepeats).isEmpty()) {
            inOwnTransaction(() -> recordUnknown(attemptId, "INTERRUPTED",
                    "the send was interrupted before the provider's answer was recorded"));
            return;
        }
        if (before != AttemptStatus.QUEUED && before != AttemptStatus.SENDING) {
            return;
        }
        Notice notice = notices.find(attempt.noticeId()).orElseThrow();
        if (provider.isEmpty()) {
            inOwnTransaction(() -> recordRefused(attemptId, DeliveryException.temporary("NO_PROVIDER",
                    "No provider is configured for " + attempt.channel())));
            return;
        }
        SendResult sent;
        try {
            sent = provider.get().send(new OutboundMessage(attemptId, notice.id(), notice.loanId(),
                    notice.event().name(), attempt.channel(), attempt.address(), notice.language(), content(attempt)));
        } catch (DeliveryException failure) {
            inOwnTransaction(() -> failure.outcomeUnknown()
                    ? recordUnknown(attemptId, failure.code(), failure.getMessage())
                    : recordRefused(attemptId, failure));
            return;
        }
        inOwnTransaction(() -> recordSent(attemptId, sent));
    }

    private Void recordSent(String attemptId, SendResult sent) {
        Notice notice = notices.lock(notices.findAttempt(attemptId).orElseThrow().noticeId()).orElseThrow();
        Attempt attempt = notices.lockAttempt(attemptId).orElseThrow();
        Instant now = clock.instant();
        notices.recordSent(attemptId, sent.provider(), sent.providerMessageId(), now,
                now.plus(delivery.confirmationTimeout(notice, attempt.step())));
        events.publishEvent(AttemptOutcomeRecorded.of(notice, attempt, sent.provider(), AttemptStatus.SENT,
                Stage.SEND, null));
        markSent(notice);
        if (sent.providerMessageId() != null) {
            // Receipts that beat this commit were kept under the message id; they belong to this attempt.
            notices.matchReceipts(sent.provider(), sent.providerMessageId(), attemptId);
            for (Receipt early : notices.receipts(attemptId)) {
                receipts.applyOutcome(notice, notices.findAttempt(attemptId).orElseThrow(), early.outcome(),
                        early.detail(), now);
            }
        }
        log.info("Notice {} attempt {} sent on {} via {} ({})", notice.id(), attemptId, attempt.channel(),
                sent.provider(), sent.providerMessageId());
        return null;
    }

    private Void recordUnknown(String attemptId, String code, String detail) {
        Notice notice = notices.lock(notices.findAttempt(attemptId).orElseThrow().noticeId()).orElseThrow();
        Attempt attempt = notices.lockAttempt(attemptId).orElseThrow();
        Instant now = clock.instant();
        String reason = "outcome unknown, " + code + ": " + detail;
        states.recordUnknown(attemptId, reason, now, now.plus(delivery.confirmationTimeout(notice, attempt.step())));
        events.publishEvent(AttemptOutcomeRecorded.of(notice, attempt, attempt.provider(), AttemptStatus.UNKNOWN,
                Stage.SEND, reason));
        markSent(notice);
        log.warn("Notice {} attempt {} on {}: {}; awaiting its receipt, not sending it again", notice.id(), attemptId,
                attempt.channel(), Masking.hideIn(reason, attempt.address(), attempt.maskedAddress()));
        return null;
    }

    private Void recordRefused(String attemptId, DeliveryException failure) {
        Notice notice = notices.lock(notices.findAttempt(attemptId).orElseThrow().noticeId()).orElseThrow();
        Attempt attempt = notices.lockAttempt(attemptId).orElseThrow();
        String reason = failure.code() + ": " + failure.getMessage();
        AttemptStatus status = failure.permanent() ? AttemptStatus.PERMANENT_FAILURE : AttemptStatus.TEMPORARY_FAILURE;
        states.recordRefused(attemptId, status, reason);
        events.publishEvent(AttemptOutcomeRecorded.of(notice, attempt, attempt.provider(), status, Stage.SEND,
                reason));
        log.warn("Notice {} attempt {} on {} failed ({}): {}", notice.id(), attemptId, attempt.channel(),
                failure.kind(), Masking.hideIn(reason, attempt.address(), attempt.maskedAddress()));
        return null;
    }

    private void markSent(Notice notice) {
        if (notice.status() == NoticeStatus.PENDING || notice.status() == NoticeStatus.FAILED
                || notice.status() == NoticeStatus.ESCALATED) {
            notices.setStatus(notice.id(), NoticeStatus.SENT);
        }
    }

    private <T> T inOwnTransaction(Supplier<T> work) {
        return ownTransaction.execute(status -> work.get());
    }

    private ChannelContent content(Attempt attempt) {
        return delivery.content(attempt);
    }
}
