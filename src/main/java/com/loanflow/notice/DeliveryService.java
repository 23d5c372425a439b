package com.loanflow.notice;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.loanflow.borrower.BorrowerRepository;
import com.loanflow.borrower.Channel;
import com.loanflow.borrower.Contact;
import com.loanflow.borrower.Masking;
import com.loanflow.common.Ids;
import com.loanflow.notice.AttemptOutcomeRecorded.Stage;
import com.loanflow.notice.channel.ChannelContent;
import com.loanflow.notice.channel.ChannelProvider;
import com.loanflow.notice.channel.ChannelProviders;
import com.loanflow.notice.channel.DeliveryException;
import com.loanflow.notice.channel.OutboundMessage;
import com.loanflow.notice.channel.SendResult;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * One notice's delivery, step by step, as the notify-borrower process drives it: pick the next planned channel,
 * write the attempt (content, hash, address) before anything is sent, send it with the attempt id as idempotency
 * key, and read back where the attempt stands. Every step reads the stored state, so a retried job or a receipt
 * that came early, late or twice cannot make the process send anything twice.
 */
@Service
public class DeliveryService {

    private static final Logger log = LoggerFactory.getLogger(DeliveryService.class);

    private final NoticeRepository notices;
    private final BorrowerRepository borrowers;
    private final NoticeTemplates templates;
    private final ChannelProviders providers;
    private final ReceiptService receipts;
    private final DeliverySettings settings;
    private final ObjectMapper json;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    DeliveryService(NoticeRepository notices, BorrowerRepository borrowers, NoticeTemplates templates,
                    ChannelProviders providers, ReceiptService receipts, DeliverySettings settings, ObjectMapper json,
                    ApplicationEventPublisher events, Clock clock) {
        this.notices = notices;
        this.borrowers = borrowers;
        this.templates = templates;
        this.providers = providers;
        this.receipts = receipts;
        this.settings = settings;
        this.json = json;
        this.events = events;
        this.clock = clock;
    }

    /** The next step of the current plan after {@code afterStep} whose channel can still be reached. */
    public Optional<DeliveryStep> nextStep(String noticeId, int afterStep) {
        Notice notice = notices.find(noticeId).orElseThrow();
        Map<Channel, Contact> contacts = contacts(notice.borrowerId());
        return notices.plan(noticeId, notice.planRevision()).stream()
                .filter(step -> step.step() > afterStep)
                .filter(step -> step.channel() == Channel.IN_APP
                        || (contacts.containsKey(step.channel()) && contacts.get(step.channel()).usable()))
                .findFirst();
    }

    /** Writes the attempt before the send, so its id (the idempotency key) survives a crash during the send. */
    public String createAttempt(String noticeId, int step) {
        Notice notice = notices.find(noticeId).orElseThrow();
        DeliveryStep planned = step(notice, step);
        Channel channel = planned.channel();
        String address = channel == Channel.IN_APP ? notice.borrowerId()
                : contacts(notice.borrowerId()).get(channel).address();
        ChannelContent content = templates.render(notice.event(), notice.language(), channel, notice.parameters());
        ChannelContent.TemplateReference reference = content.smsTemplate() != null ? content.smsTemplate()
                : content.wechatTemplate();
        String referenceJson = reference == null ? null : write(reference);
        String provider = providers.forChannel(channel).map(ChannelProvider::name).orElse("none");
        Attempt attempt = new Attempt(Ids.newId("AT"), noticeId, notice.planRevision(), step,
                notices.tries(noticeId, notice.planRevision(), step) + 1, channel, provider, address,
                Masking.maskAddress(channel, address), AttemptStatus.QUEUED, content.subject(), content.body(), referenceJson,
                hash(content.subject(), content.body(), referenceJson), null, clock.instant(), null, null, null, null);
        notices.insertAttempt(attempt);
        return attempt.id();
    }

    /**
     * Hands the attempt to its provider. Runs in an asynchronous job: if the node dies after the provider took the
     * message but before this commits, the job runs again with the same attempt id, which the provider recognises.
     */
    public void send(String attemptId) {
        // Notice before attempt, the order receipts lock in: a receipt arriving mid-send waits for this commit
        // instead of deadlocking with it, which would abort the job after the provider took the message and send
        // it again on retry.
        Notice notice = notices.lock(notices.findAttempt(attemptId).orElseThrow().noticeId()).orElseThrow();
        Attempt attempt = notices.lockAttempt(attemptId).orElseThrow();
        if (attempt.providerMessageId() != null) {
            return;
        }
        Instant now = clock.instant();
        Optional<ChannelProvider> provider = providers.forChannel(attempt.channel());
        if (provider.isEmpty()) {
            String reason = "No provider is configured for " + attempt.channel();
            notices.recordOutcome(attemptId, AttemptStatus.TEMPORARY_FAILURE, reason, null);
            events.publishEvent(AttemptOutcomeRecorded.of(notice, attempt, attempt.provider(),
                    AttemptStatus.TEMPORARY_FAILURE, Stage.SEND, reason));
            return;
        }
        try {
            SendResult sent = provider.get().send(new OutboundMessage(attemptId, notice.id(), notice.loanId(),
                    notice.event().name(), attempt.channel(), attempt.address(), notice.language(), content(attempt)));
            Instant deadline = now.plus(step(notice, attempt.step()).confirmationTimeout());
            notices.recordSent(attemptId, sent.provider(), sent.providerMessageId(), now, deadline);
            events.publishEvent(AttemptOutcomeRecorded.of(notice, attempt, sent.provider(), AttemptStatus.SENT,
                    Stage.SEND, null));
            if (notice.status() == NoticeStatus.PENDING || notice.status() == NoticeStatus.FAILED
                    || notice.status() == NoticeStatus.ESCALATED) {
                notices.setStatus(notice.id(), NoticeStatus.SENT);
            }
            claimEarlyReceipts(notice, sent, now);
            log.info("Notice {} attempt {} sent on {} via {} ({})", notice.id(), attemptId, attempt.channel(),
                    sent.provider(), sent.providerMessageId());
        } catch (DeliveryException failure) {
            String reason = failure.code() + ": " + failure.getMessage();
            AttemptStatus status = failure.permanent() ? AttemptStatus.PERMANENT_FAILURE
                    : AttemptStatus.TEMPORARY_FAILURE;
            notices.recordOutcome(attemptId, status, reason, null);
            events.publishEvent(AttemptOutcomeRecorded.of(notice, attempt, attempt.provider(), status, Stage.SEND,
                    reason));
            log.warn("Notice {} attempt {} on {} failed ({}): {}", notice.id(), attemptId, attempt.channel(),
                    failure.permanent() ? "permanent" : "temporary",
                    Masking.hideIn(reason, attempt.address(), attempt.maskedAddress()));
        }
    }

    public AttemptOutcome assess(String attemptId) {
        Attempt attempt = notices.findAttempt(attemptId).orElseThrow();
        Notice notice = notices.find(attempt.noticeId()).orElseThrow();
        if (notice.readAt() != null) {
            return AttemptOutcome.READ;
        }
        if (deliveredInCurrentPlan(notice)) {
            // A late receipt of an earlier attempt of this round: the borrower has the notice, stop trying others.
            return AttemptOutcome.DELIVERED;
        }
        return switch (attempt.status()) {
            case DELIVERED -> AttemptOutcome.DELIVERED;
            case TEMPORARY_FAILURE -> AttemptOutcome.TEMPORARY_FAILURE;
            case PERMANENT_FAILURE -> AttemptOutcome.PERMANENT_FAILURE;
            case NO_RECEIPT -> AttemptOutcome.NO_RECEIPT;
            case QUEUED, SENT -> AttemptOutcome.AWAITING_RECEIPT;
        };
    }

    private boolean deliveredInCurrentPlan(Notice notice) {
        return notices.attempts(notice.id()).stream()
                .anyMatch(a -> a.planRevision() == notice.planRevision() && a.status() == AttemptStatus.DELIVERED);
    }

    /** The confirmation timeout passed without a receipt; a receipt that came meanwhile wins. */
    public void recordNoReceipt(String attemptId) {
        Attempt attempt = notices.lockAttempt(attemptId).orElseThrow();
        if (attempt.status() == AttemptStatus.SENT || attempt.status() == AttemptStatus.QUEUED) {
            String reason = "no receipt within the confirmation timeout";
            notices.recordOutcome(attemptId, AttemptStatus.NO_RECEIPT, reason, null);
            events.publishEvent(AttemptOutcomeRecorded.of(notices.find(attempt.noticeId()).orElseThrow(), attempt,
                    attempt.provider(), AttemptStatus.NO_RECEIPT, Stage.TIMEOUT, reason));
        }
    }

    public boolean retriesLeft(String attemptId) {
        Attempt attempt = notices.findAttempt(attemptId).orElseThrow();
        return notices.tries(attempt.noticeId(), attempt.planRevision(), attempt.step()) < settings.triesPerChannel();
    }

    /** The address was rejected for good: later plans skip it until the borrower or staff give a new one. */
    public void invalidateContact(String attemptId) {
        Attempt attempt = notices.findAttempt(attemptId).orElseThrow();
        Notice notice = notices.find(attempt.noticeId()).orElseThrow();
        if (attempt.channel() != Channel.IN_APP) {
            borrowers.invalidateContact(notice.borrowerId(), attempt.channel(), attempt.failureReason(), clock.instant());
        }
    }

    public void escalate(String noticeId) {
        notices.recordEscalated(noticeId, clock.instant());
    }

    private void claimEarlyReceipts(Notice notice, SendResult sent, Instant now) {
        if (sent.providerMessageId() == null) {
            return;
        }
        Attempt attempt = notices.findAttemptByMessage(sent.provider(), sent.providerMessageId()).orElseThrow();
        notices.matchReceipts(sent.provider(), sent.providerMessageId(), attempt.id());
        for (Receipt early : notices.receipts(attempt.id())) {
            receipts.applyOutcome(notice, notices.findAttempt(attempt.id()).orElseThrow(), early.outcome(),
                    early.detail(), now);
        }
    }

    private ChannelContent content(Attempt attempt) {
        ChannelContent.TemplateReference reference = attempt.templateReference() == null ? null
                : read(attempt.templateReference());
        boolean sms = attempt.channel() == Channel.SMS;
        return new ChannelContent(attempt.subject(), attempt.body(), sms ? reference : null, sms ? null : reference);
    }

    private DeliveryStep step(Notice notice, int step) {
        return notices.plan(notice.id(), notice.planRevision()).stream().filter(s -> s.step() == step).findFirst()
                .orElseThrow(() -> new IllegalStateException("Notice " + notice.id() + " has no step " + step
                        + " in plan revision " + notice.planRevision()));
    }

    private Map<Channel, Contact> contacts(String borrowerId) {
        return borrowers.contacts(borrowerId).stream().collect(Collectors.toMap(Contact::channel, Function.identity()));
    }

    /** SHA-256 of exactly what was handed to the provider: proof of content in a dispute (D11). */
    static String hash(String subject, String body, String templateReference) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            String content = (subject == null ? "" : subject) + "\n" + body + "\n"
                    + (templateReference == null ? "" : templateReference);
            return HexFormat.of().formatHex(sha256.digest(content.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private String write(ChannelContent.TemplateReference reference) {
        try {
            return json.writeValueAsString(reference);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private ChannelContent.TemplateReference read(String reference) {
        try {
            return json.readValue(reference, ChannelContent.TemplateReference.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored template reference is not valid JSON", e);
        }
    }

}
