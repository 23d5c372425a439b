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
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * One notice's delivery, step by step, as the notify-borrower process drives it: pick the next planned channel,
 * write the attempt (content, hash, address) before anything is sent ({@link AttemptSender} sends it with the
 * attempt id as idempotency key), and read back where the attempt stands. Every step reads the stored state, so a
 * retried job or a receipt that came early, late or twice cannot make the process send anything twice.
 */
@Service
public class DeliveryService {

    private final NoticeRepository notices;
    private final BorrowerRepository borrowers;
    private final NoticeTemplates templates;
    private final ChannelProviders providers;
    private final DeliverySettings settings;
    private final ObjectMapper json;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    DeliveryService(NoticeRepository notices, BorrowerRepository borrowers, NoticeTemplates templates,
                    ChannelProviders providers, DeliverySettings settings, ObjectMapper json,
                    ApplicationEventPublisher events, Clock clock) {
        this.notices = notices;
        this.borrowers = borrowers;
        this.templates = templates;
        this.providers = providers;
        this.settings = settings;
        this.json = json;
        this.events = events;
        this.clock = clock;
    }

    /** The next step of the current plan after {@code afterStep} whose channel can still be reached. */
    public Optional<DeliveryStep> nextStep(String noticeId, int afterStep) {
        Notice notice = notices.find(noticeId).orElseThrow();
        Map<Channel, Contact> contacts = contacts(notice.borrowerId());
        // The same notice goes to the same address once, unless that send is known to have failed: a copy whose
        // outcome is unknown, or that was delivered but not read, may be in the borrower's hands already.
        Set<String> reached = notices.attempts(noticeId).stream()
                .filter(a -> a.status().mayHaveReached())
                .map(a -> a.channel() + " " + a.address())
                .collect(Collectors.toSet());
        return notices.plan(noticeId, notice.planRevision()).stream()
                .filter(step -> step.step() > afterStep)
                .filter(step -> step.channel() == Channel.IN_APP
                        || (contacts.containsKey(step.channel()) && contacts.get(step.channel()).usable()))
                .filter(step -> !reached.contains(step.channel() + " " + (step.channel() == Channel.IN_APP
                        ? notice.borrowerId() : contacts.get(step.channel()).address())))
                .findFirst();
    }

    /**
     * Whether the borrower has the notice already: read, or delivered in this round (confirmed, or awaiting the read
     * acknowledgement). Checked before each new attempt, so a receipt or read that came while the process waited
     * (quiet hours, a retry backoff) or whose nudge was lost still stops the next send.
     */
    public Optional<AttemptOutcome> deliveredMeanwhile(String noticeId) {
        Notice notice = notices.find(noticeId).orElseThrow();
        if (notice.readAt() != null) {
            return Optional.of(AttemptOutcome.READ);
        }
        return notice.confirmedAt() != null || deliveredInCurrentPlan(notice) ? Optional.of(AttemptOutcome.DELIVERED)
                : Optional.empty();
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

    /** How long the attempt's planned step waits for a receipt once the provider has the message. */
    java.time.Duration confirmationTimeout(Notice notice, int step) {
        return step(notice, step).confirmationTimeout();
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
            case QUEUED, SENDING, SENT, UNKNOWN -> AttemptOutcome.AWAITING_RECEIPT;
            // Never handed to a provider (its plan was replaced): nothing to wait for on this channel.
            case CANCELLED -> AttemptOutcome.NO_RECEIPT;
        };
    }

    private boolean deliveredInCurrentPlan(Notice notice) {
        return notices.attempts(notice.id()).stream()
                .anyMatch(a -> a.planRevision() == notice.planRevision() && a.status() == AttemptStatus.DELIVERED);
    }

    /** The confirmation timeout passed without a receipt; a receipt that came meanwhile wins. */
    public void recordNoReceipt(String attemptId) {
        Attempt attempt = notices.lockAttempt(attemptId).orElseThrow();
        if (attempt.status() == AttemptStatus.SENT || attempt.status() == AttemptStatus.QUEUED
                || attempt.status() == AttemptStatus.UNKNOWN) {
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

    ChannelContent content(Attempt attempt) {
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
