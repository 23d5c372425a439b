package com.loanflow.notice;

import com.loanflow.borrower.BorrowerRepository;
import com.loanflow.common.Ids;
import com.loanflow.common.LogContext;
import com.loanflow.notice.AttemptOutcomeRecorded.Stage;
import com.loanflow.notice.channel.ProviderReceipt;
import com.loanflow.notice.channel.ReceiptOutcome;
import com.loanflow.process.EngineRetry;
import com.loanflow.process.NoticeDeliveryProcess;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

/**
 * Applies provider receipts: stored once (a provider's duplicate is recognised by its event id), applied to the
 * attempt whatever the delivery process is doing (early, late, out of order), and only then a nudge to the process.
 * A receipt never sends anything; only the delivery process does.
 */
@Service
public class ReceiptService {

    private static final Logger log = LoggerFactory.getLogger(ReceiptService.class);

    private final NoticeRepository notices;
    private final BorrowerRepository borrowers;
    private final NoticeDeliveryProcess process;
    private final EngineRetry retry;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    ReceiptService(NoticeRepository notices, BorrowerRepository borrowers, NoticeDeliveryProcess process,
                   EngineRetry retry, ApplicationEventPublisher events, Clock clock) {
        this.notices = notices;
        this.borrowers = borrowers;
        this.process = process;
        this.retry = retry;
        this.events = events;
        this.clock = clock;
    }

    public enum Result {
        APPLIED, DUPLICATE, UNKNOWN_MESSAGE
    }

    public Result apply(ProviderReceipt receipt) {
        try {
            return retry.inTransaction(() -> applyInTransaction(receipt));
        } catch (DuplicateKeyException sameReceiptConcurrently) {
            return Result.DUPLICATE;
        }
    }

    private Result applyInTransaction(ProviderReceipt r) {
        if (notices.receiptExists(r.provider(), r.eventId())) {
            return Result.DUPLICATE;
        }
        Optional<Attempt> found = r.attemptId() != null
                ? notices.findAttempt(r.attemptId())
                : Optional.ofNullable(r.providerMessageId()).flatMap(id -> notices.findAttemptByMessage(r.provider(), id));
        Instant now = clock.instant();
        if (found.isEmpty()) {
            if (r.attemptId() == null && r.providerMessageId() != null) {
                // Kept until the send that produced this message id commits and claims it.
                notices.insertReceipt(receipt(r, null, now));
            }
            log.warn("Receipt {} from {} names no known attempt (message {}, attempt {})", r.eventId(), r.provider(),
                    r.providerMessageId(), r.attemptId());
            return Result.UNKNOWN_MESSAGE;
        }
        Notice notice = notices.lock(found.get().noticeId()).orElseThrow();
        // A webhook's path names only the provider: from here on its log lines (and the engine's) name the notice.
        try (LogContext.Scope ids = LogContext.open(notice.loanId(), notice.id(), found.get().id())) {
            Attempt attempt = notices.lockAttempt(found.get().id()).orElseThrow();
            notices.insertReceipt(receipt(r, attempt.id(), now));
            applyOutcome(notice, attempt, r.outcome(), r.detail(), now);
            // News of the attempt the process waits on moves it on; a delivery that confirms the notice ends the
            // delivery wherever it stands (backoff, quiet hours, a staff task), however late it comes.
            boolean awaited = process.receiptArrived(notice.processInstanceId(), attempt.id());
            if (!awaited && r.outcome() == ReceiptOutcome.DELIVERED && !notice.readAckRequired()) {
                process.confirmed(notice.processInstanceId());
            }
            log.info("Receipt {} {} for attempt {} of notice {}", r.provider(), r.outcome(), attempt.id(), notice.id());
            return Result.APPLIED;
        }
    }

    /**
     * The attempt's state after a receipt: delivery and permanent failure are final (a later temporary report does
     * not undo them), a temporary failure only replaces a state still waiting for news.
     */
    void applyOutcome(Notice notice, Attempt attempt, ReceiptOutcome outcome, String detail, Instant at) {
        AttemptStatus current = attempt.status();
        boolean isFinal = current == AttemptStatus.DELIVERED || current == AttemptStatus.PERMANENT_FAILURE;
        switch (outcome) {
            case DELIVERED -> {
                if (current != AttemptStatus.DELIVERED) {
                    notices.recordOutcome(attempt.id(), AttemptStatus.DELIVERED, null, at);
                    changed(notice, attempt, AttemptStatus.DELIVERED, null);
                }
                // The borrower's channel confirmed it; if a read acknowledgement is required, only that confirms.
                notices.recordDelivered(notice.id(), at, !notice.readAckRequired());
            }
            case PERMANENT_FAILURE -> {
                if (!isFinal) {
                    notices.recordOutcome(attempt.id(), AttemptStatus.PERMANENT_FAILURE, detail, null);
                    changed(notice, attempt, AttemptStatus.PERMANENT_FAILURE, detail);
                    borrowers.invalidateContact(notice.borrowerId(), attempt.channel(), detail, at);
                }
            }
            case TEMPORARY_FAILURE -> {
                if (!isFinal && current != AttemptStatus.TEMPORARY_FAILURE) {
                    notices.recordOutcome(attempt.id(), AttemptStatus.TEMPORARY_FAILURE, detail, null);
                    changed(notice, attempt, AttemptStatus.TEMPORARY_FAILURE, detail);
                }
            }
        }
    }

    private void changed(Notice notice, Attempt attempt, AttemptStatus status, String detail) {
        events.publishEvent(AttemptOutcomeRecorded.of(notice, attempt, attempt.provider(), status, Stage.RECEIPT,
                detail));
    }

    private static Receipt receipt(ProviderReceipt r, String attemptId, Instant now) {
        String detail = r.detail() == null ? null : r.detail().substring(0, Math.min(r.detail().length(), 500));
        return new Receipt(Ids.newId("RC"), attemptId, r.provider(), r.providerMessageId(), r.outcome(), detail,
                r.occurredAt(), now, r.eventId());
    }
}
