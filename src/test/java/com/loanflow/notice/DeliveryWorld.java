package com.loanflow.notice;

import static com.loanflow.process.ProcessConstants.MESSAGE_ATTEMPT_RECEIPT;
import static com.loanflow.process.ProcessConstants.MESSAGE_CONTACTS_CHANGED;
import static com.loanflow.process.ProcessConstants.MESSAGE_NOTICE_CONFIRMED;
import static com.loanflow.process.ProcessConstants.VAR_ATTEMPT_ID;

import com.loanflow.borrower.Channel;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Date;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.camunda.bpm.dmn.engine.DmnDecisionResult;
import org.camunda.bpm.dmn.engine.DmnDecisionResultEntries;
import org.camunda.bpm.engine.MismatchingMessageCorrelationException;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.util.ClockUtil;

/**
 * What notify-borrower talks to, as one scripted stand-in for the process tests: one borrower's contacts and
 * preferences, the providers of each channel (each attempt takes the next reaction scripted for its channel), and
 * the notice store the delegates read and write, mirroring {@link DeliveryService}, {@link ReceiptService} and
 * {@link NoticeService}. Receipts, read acknowledgements and contact changes reach the process the way
 * {@code NoticeDeliveryProcess} sends them: stored first, then a message correlated by process instance (and attempt
 * id for receipts), dropped when the process is not waiting for it.
 *
 * <p>The beans the model calls in expressions are {@link #facts()}, {@link #plans()} and {@link #calendar()}; they
 * run on the engine clock.
 */
public final class DeliveryWorld {

    /** Contact states as {@code deliveryFacts} reports them to the channel plan. */
    public static final String VALID = "VALID";
    public static final String INVALID = "INVALID";
    public static final String NONE = "NONE";

    /** What a channel's provider does with one attempt. */
    public enum Reaction {
        /** Accepts the message and later reports it delivered. */
        DELIVERS,
        /** Its delivery receipt came in before the send committed, so the send claims it at once. */
        DELIVERS_BEFORE_SEND_COMMITS,
        /** Refuses the send for now (rate limit, outage): the channel may be tried again. */
        FAILS_TEMPORARILY_AT_SEND,
        /** Accepts the message, then reports a temporary failure (handset off, mailbox full). */
        FAILS_TEMPORARILY_BY_RECEIPT,
        /** Rejects the address for good (unknown number, bounced address). */
        FAILS_PERMANENTLY_AT_SEND,
        /** Accepts the message and is never heard of again. */
        STAYS_SILENT
    }

    /** Statuses of an attempt, as {@link AttemptStatus}. */
    public enum Status {
        QUEUED, SENT, DELIVERED, TEMPORARY_FAILURE, PERMANENT_FAILURE, NO_RECEIPT
    }

    /** One row of a recorded plan: what the decision gave for one channel. */
    public record Step(int step, Channel channel, double rank, Duration confirmationTimeout) {
    }

    /** One attempt of one notice on one channel, as staff see it in the attempts list. */
    public static final class Attempt {
        final String id;
        final String noticeId;
        final int planRevision;
        final int step;
        final int tryNumber;
        final Channel channel;
        final String address;
        final Instant createdAt;
        Status status = Status.QUEUED;
        Instant sentAt;
        Instant confirmationDeadline;
        boolean providerAccepted;

        Attempt(String id, String noticeId, int planRevision, int step, int tryNumber, Channel channel, String address,
                Instant createdAt) {
            this.id = id;
            this.noticeId = noticeId;
            this.planRevision = planRevision;
            this.step = step;
            this.tryNumber = tryNumber;
            this.channel = channel;
            this.address = address;
            this.createdAt = createdAt;
        }

        public String id() {
            return id;
        }

        public Channel channel() {
            return channel;
        }

        public int tryNumber() {
            return tryNumber;
        }

        public String address() {
            return address;
        }

        public Status status() {
            return status;
        }

        public Instant sentAt() {
            return sentAt;
        }

        public int planRevision() {
            return planRevision;
        }

        /** Channel, try and status, e.g. {@code SMS#2 TEMPORARY_FAILURE}. */
        @Override
        public String toString() {
            return channel + "#" + tryNumber + " " + status;
        }
    }

    /** One notice: what it is about, which process delivers it, and what the borrower did. */
    static final class NoticeRecord {
        final String id;
        final String event;
        final String processInstanceId;
        final List<List<Step>> plans = new ArrayList<>();
        boolean readAckRequired;
        Instant deliveredAt;
        Instant readAt;
        int escalations;
        String staffOutcome;

        NoticeRecord(String id, String event, String processInstanceId) {
            this.id = id;
            this.event = event;
            this.processInstanceId = processInstanceId;
        }
    }

    private record PendingReceipt(String attemptId, Status outcome) {
    }

    private static final int TRIES_PER_CHANNEL = 3;
    private static final List<Duration> RETRY_BACKOFF = List.of(Duration.ofMinutes(1), Duration.ofMinutes(5));
    private static final LocalTime QUIET_HOURS_END = LocalTime.of(8, 0);
    /** Differs from every other wait of the model, so a test notices when the model reads the wrong one. */
    public static final Duration UNREACHABLE_RETRY_AFTER = Duration.ofHours(12);

    private final RuntimeService runtime;
    private final ZoneId zone;
    private final Map<Channel, String> contactStates = new EnumMap<>(Channel.class);
    private final Map<Channel, String> addresses = new EnumMap<>(Channel.class);
    private final Map<Channel, Instant> contactsUpdatedAt = new EnumMap<>(Channel.class);
    private final Map<Channel, Deque<Reaction>> script = new EnumMap<>(Channel.class);
    private final Map<String, NoticeRecord> notices = new LinkedHashMap<>();
    private final Map<String, Attempt> attempts = new LinkedHashMap<>();
    private final List<PendingReceipt> receiptsInFlight = new ArrayList<>();
    private String preferredChannels = "";
    private String optedOutChannels = "";
    private boolean quietHoursNow;

    private final Facts facts = new Facts();
    private final Plans plans = new Plans();
    private final Calendar calendar = new Calendar();

    public DeliveryWorld(RuntimeService runtime, ZoneId zone) {
        this.runtime = runtime;
        this.zone = zone;
        for (Channel channel : List.of(Channel.SMS, Channel.EMAIL, Channel.WECHAT, Channel.PUSH)) {
            contactStates.put(channel, NONE);
        }
    }

    // --- the borrower and the providers, as each test sets them up --------------------------------------------

    /** A usable address on the channel, stored now. */
    public DeliveryWorld reachableOn(Channel channel, String address) {
        contactStates.put(channel, VALID);
        addresses.put(channel, address);
        contactsUpdatedAt.put(channel, now());
        return this;
    }

    /** The borrower's preferred channels, first choice first. */
    public DeliveryWorld prefers(Channel... channels) {
        preferredChannels = names(channels);
        return this;
    }

    public DeliveryWorld optedOutOf(Channel... channels) {
        optedOutChannels = names(channels);
        return this;
    }

    /** What the channel's provider does with its next attempts, in order. */
    public DeliveryWorld provider(Channel channel, Reaction... reactions) {
        script.computeIfAbsent(channel, c -> new ArrayDeque<>()).addAll(Arrays.asList(reactions));
        return this;
    }

    /** Whether it is now the borrower's quiet hours (they end at 08:00 in the borrower's zone). */
    public void quietHoursNow(boolean quiet) {
        quietHoursNow = quiet;
    }

    // --- what happens outside the process --------------------------------------------------------------------

    /** Every receipt the providers owe arrives now, each applied to its attempt before the process is nudged. */
    public void providersReport() {
        List<PendingReceipt> arriving = List.copyOf(receiptsInFlight);
        receiptsInFlight.clear();
        arriving.forEach(receipt -> receiptArrives(receipt.attemptId(), receipt.outcome()));
    }

    /** A provider's receipt for one attempt, as {@link ReceiptService#apply} takes it: stored, then the nudge. */
    public void receiptArrives(String attemptId, Status outcome) {
        store(attemptId, outcome);
        NoticeRecord notice = notice(attempt(attemptId).noticeId);
        boolean awaited = nudge(MESSAGE_ATTEMPT_RECEIPT, notice.processInstanceId, attemptId);
        if (!awaited && outcome == Status.DELIVERED && !notice.readAckRequired) {
            nudge(MESSAGE_NOTICE_CONFIRMED, notice.processInstanceId, null);
        }
    }

    /** Every receipt the providers owe is stored, but no nudge reaches the process (the node died after the commit). */
    public void providersReportUnannounced() {
        List<PendingReceipt> arriving = List.copyOf(receiptsInFlight);
        receiptsInFlight.clear();
        arriving.forEach(receipt -> store(receipt.attemptId(), receipt.outcome()));
    }

    private void store(String attemptId, Status outcome) {
        Attempt attempt = attempt(attemptId);
        NoticeRecord notice = notice(attempt.noticeId);
        boolean isFinal = attempt.status == Status.DELIVERED || attempt.status == Status.PERMANENT_FAILURE;
        switch (outcome) {
            case DELIVERED -> {
                attempt.status = Status.DELIVERED;
                if (notice.deliveredAt == null) {
                    notice.deliveredAt = now();
                }
            }
            case TEMPORARY_FAILURE -> {
                if (!isFinal && attempt.status != Status.TEMPORARY_FAILURE) {
                    attempt.status = Status.TEMPORARY_FAILURE;
                }
            }
            case PERMANENT_FAILURE -> {
                if (!isFinal) {
                    attempt.status = Status.PERMANENT_FAILURE;
                    contactStates.put(attempt.channel, INVALID);
                }
            }
            default -> throw new IllegalArgumentException("providers do not report " + outcome);
        }
    }

    /** The borrower acknowledges the notice as read (已读) in the app; a second acknowledgement changes nothing. */
    public void borrowerReads(String noticeId) {
        NoticeRecord notice = notice(noticeId);
        if (notice.readAt == null) {
            notice.readAt = now();
            nudge(MESSAGE_NOTICE_CONFIRMED, notice.processInstanceId, null);
        }
    }

    /** The borrower enters a new address in the app: stored as valid, then every unconfirmed notice is nudged. */
    public void borrowerChangesContact(Channel channel, String address) {
        reachableOn(channel, address);
        notices.values().stream().filter(n -> n.readAt == null)
                .forEach(n -> nudge(MESSAGE_CONTACTS_CHANGED, n.processInstanceId, null));
    }

    /** As {@code NoticeDeliveryProcess}: a message that finds the process elsewhere is not needed and is dropped. */
    private boolean nudge(String message, String processInstanceId, String attemptId) {
        var correlation = runtime.createMessageCorrelation(message).processInstanceId(processInstanceId);
        if (attemptId != null) {
            correlation.processInstanceVariableEquals(VAR_ATTEMPT_ID, attemptId);
        }
        try {
            correlation.correlateWithResult();
            return true;
        } catch (MismatchingMessageCorrelationException notWaiting) {
            // Not waiting for this right now; the process reads the stored state when it gets there.
            return false;
        }
    }

    // --- what the delegates do (mirroring NoticeService and DeliveryService) ---------------------------------

    String createNotice(String event, String processInstanceId) {
        NoticeEvent.valueOf(event);
        String id = "NT-" + (notices.size() + 1);
        notices.put(id, new NoticeRecord(id, event, processInstanceId));
        return id;
    }

    Optional<Step> nextStep(String noticeId, int afterStep) {
        return currentPlan(noticeId).stream()
                .filter(step -> step.step() > afterStep)
                .filter(step -> step.channel() == Channel.IN_APP || VALID.equals(contactStates.get(step.channel())))
                .findFirst();
    }

    /** As DeliveryService#deliveredMeanwhile: read, or delivered in this round, before the next attempt. */
    Optional<AttemptOutcome> deliveredMeanwhile(String noticeId) {
        NoticeRecord notice = notice(noticeId);
        if (notice.readAt != null) {
            return Optional.of(AttemptOutcome.READ);
        }
        int revision = notice.plans.size();
        boolean deliveredThisRound = attempts(noticeId).stream()
                .anyMatch(a -> a.planRevision == revision && a.status == Status.DELIVERED);
        return (!notice.readAckRequired && notice.deliveredAt != null) || deliveredThisRound
                ? Optional.of(AttemptOutcome.DELIVERED) : Optional.empty();
    }

    String createAttempt(String noticeId, int stepNumber) {
        NoticeRecord notice = notice(noticeId);
        Step step = step(noticeId, stepNumber);
        int revision = notice.plans.size();
        int tries = (int) attempts.values().stream()
                .filter(a -> a.noticeId.equals(noticeId) && a.planRevision == revision && a.step == stepNumber).count();
        String address = step.channel() == Channel.IN_APP ? "message center" : addresses.get(step.channel());
        Attempt attempt = new Attempt("AT-" + (attempts.size() + 1), noticeId, revision, stepNumber, tries + 1,
                step.channel(), address, now());
        attempts.put(attempt.id, attempt);
        return attempt.id;
    }

    void send(String attemptId) {
        Attempt attempt = attempt(attemptId);
        if (attempt.providerAccepted) {
            return;
        }
        Deque<Reaction> reactions = script.get(attempt.channel);
        if (reactions == null || reactions.isEmpty()) {
            throw new AssertionError("No provider reaction scripted for " + attempt + " (" + attemptId + ")");
        }
        Reaction reaction = reactions.poll();
        switch (reaction) {
            case FAILS_TEMPORARILY_AT_SEND -> attempt.status = Status.TEMPORARY_FAILURE;
            case FAILS_PERMANENTLY_AT_SEND -> attempt.status = Status.PERMANENT_FAILURE;
            default -> {
                attempt.providerAccepted = true;
                attempt.status = Status.SENT;
                attempt.sentAt = now();
                attempt.confirmationDeadline = now().plus(step(attempt.noticeId, attempt.step).confirmationTimeout());
                switch (reaction) {
                    case DELIVERS -> receiptsInFlight.add(new PendingReceipt(attemptId, Status.DELIVERED));
                    case FAILS_TEMPORARILY_BY_RECEIPT ->
                            receiptsInFlight.add(new PendingReceipt(attemptId, Status.TEMPORARY_FAILURE));
                    case DELIVERS_BEFORE_SEND_COMMITS -> {
                        attempt.status = Status.DELIVERED;
                        notice(attempt.noticeId).deliveredAt = now();
                    }
                    default -> {
                        // silence
                    }
                }
            }
        }
    }

    AttemptOutcome assess(String attemptId) {
        Attempt attempt = attempt(attemptId);
        if (notice(attempt.noticeId).readAt != null) {
            return AttemptOutcome.READ;
        }
        return switch (attempt.status) {
            case DELIVERED -> AttemptOutcome.DELIVERED;
            case TEMPORARY_FAILURE -> AttemptOutcome.TEMPORARY_FAILURE;
            case PERMANENT_FAILURE -> AttemptOutcome.PERMANENT_FAILURE;
            case NO_RECEIPT -> AttemptOutcome.NO_RECEIPT;
            case QUEUED, SENT -> AttemptOutcome.AWAITING_RECEIPT;
        };
    }

    boolean retriesLeft(String attemptId) {
        Attempt attempt = attempt(attemptId);
        return attempt.tryNumber < TRIES_PER_CHANNEL;
    }

    void recordNoReceipt(String attemptId) {
        Attempt attempt = attempt(attemptId);
        if (attempt.status == Status.SENT || attempt.status == Status.QUEUED) {
            attempt.status = Status.NO_RECEIPT;
        }
    }

    void invalidateContact(String attemptId) {
        Attempt attempt = attempt(attemptId);
        if (attempt.channel != Channel.IN_APP) {
            contactStates.put(attempt.channel, INVALID);
        }
    }

    void escalate(String noticeId) {
        notice(noticeId).escalations++;
    }

    void staffRecorded(String noticeId, String outcome, Map<Channel, String> correctedContacts) {
        notice(noticeId).staffOutcome = outcome;
        correctedContacts.forEach(this::reachableOn);
    }

    /** What "Contact borrower" shows: every attempt so far and the contacts, as the form data listener puts it. */
    Map<String, Object> formData(String noticeId, String deliveryResult) {
        NoticeRecord notice = notice(noticeId);
        Map<String, Object> data = new HashMap<>();
        data.put("event", notice.event);
        data.put("escalationReason", "READ_ACK_MISSING".equals(deliveryResult)
                ? "delivered but not acknowledged as read" : "every channel failed or stayed silent");
        data.put("attemptsSummary", attempts(noticeId).stream().map(Attempt::toString)
                .collect(Collectors.joining("\n")));
        data.put("contactsSummary", contactStates.entrySet().stream()
                .filter(e -> !NONE.equals(e.getValue()))
                .map(e -> e.getKey() + " " + addresses.get(e.getKey()) + " " + e.getValue())
                .collect(Collectors.joining("\n")));
        return data;
    }

    // --- what the tests read ---------------------------------------------------------------------------------

    public List<Attempt> attempts(String noticeId) {
        return attempts.values().stream().filter(a -> a.noticeId.equals(noticeId)).toList();
    }

    /** The channels tried for the notice, one entry per attempt, in order. */
    public List<Channel> triedChannels(String noticeId) {
        return attempts(noticeId).stream().map(Attempt::channel).toList();
    }

    public Attempt lastAttempt(String noticeId) {
        List<Attempt> all = attempts(noticeId);
        if (all.isEmpty()) {
            throw new AssertionError("no attempt for " + noticeId);
        }
        return all.get(all.size() - 1);
    }

    /** Every plan recorded for the notice, oldest first; each in the order its channels are tried. */
    public List<List<Step>> plans(String noticeId) {
        return List.copyOf(notice(noticeId).plans);
    }

    public List<Channel> planChannels(String noticeId, int revision) {
        return notice(noticeId).plans.get(revision - 1).stream().map(Step::channel).toList();
    }

    public boolean readAckRequired(String noticeId) {
        return notice(noticeId).readAckRequired;
    }

    public Instant deliveredAt(String noticeId) {
        return notice(noticeId).deliveredAt;
    }

    public int escalations(String noticeId) {
        return notice(noticeId).escalations;
    }

    public String staffOutcome(String noticeId) {
        return notice(noticeId).staffOutcome;
    }

    public String contactState(Channel channel) {
        return contactStates.get(channel);
    }

    public String address(Channel channel) {
        return addresses.get(channel);
    }

    /** Reactions scripted but not used yet: a test that leaves some did not go where it meant to. */
    public List<String> unusedReactions() {
        return script.entrySet().stream().flatMap(e -> e.getValue().stream().map(r -> e.getKey() + " " + r)).toList();
    }

    public Facts facts() {
        return facts;
    }

    public Plans plans() {
        return plans;
    }

    public Calendar calendar() {
        return calendar;
    }

    // --- the beans of the model's expressions -------------------------------------------------------------------

    /** {@code ${deliveryFacts.of(noticeId)…}}: the channel plan's inputs, read fresh at each planning. */
    public final class Facts {

        public Map<String, Object> of(String noticeId) {
            Map<String, Object> result = new HashMap<>();
            result.put("event", notice(noticeId).event);
            result.put("preferredChannels", preferredChannels);
            result.put("optedOutChannels", optedOutChannels);
            result.put("freshChannels", freshChannels(noticeId));
            result.put("smsContact", contactStates.get(Channel.SMS));
            result.put("emailContact", contactStates.get(Channel.EMAIL));
            result.put("wechatContact", contactStates.get(Channel.WECHAT));
            result.put("pushContact", contactStates.get(Channel.PUSH));
            return result;
        }
    }

    /** {@code ${deliveryPlans.record(noticeId, readAckRequired, decisionResult)}}: a new plan revision, by rank. */
    public final class Plans {

        public int record(String noticeId, Boolean readAckRequired, DmnDecisionResult decision) {
            List<Step> rows = new ArrayList<>();
            for (DmnDecisionResultEntries entries : decision) {
                Map<String, Object> row = entries.getEntryMap();
                rows.add(new Step(0, Channel.valueOf((String) row.get("channel")),
                        ((Number) row.get("rank")).doubleValue(),
                        Duration.parse((String) row.get("confirmationTimeout"))));
            }
            rows.sort(Comparator.comparingDouble(Step::rank).thenComparing(Step::channel));
            List<Step> steps = new ArrayList<>();
            for (Step row : rows) {
                if (steps.stream().noneMatch(s -> s.channel() == row.channel())) {
                    steps.add(new Step(steps.size() + 1, row.channel(), row.rank(), row.confirmationTimeout()));
                }
            }
            NoticeRecord notice = notice(noticeId);
            notice.readAckRequired = Boolean.TRUE.equals(readAckRequired);
            notice.plans.add(List.copyOf(steps));
            return steps.size();
        }
    }

    /** {@code ${deliveryCalendar.…}}: the times the timers wait for, on the engine clock. */
    public final class Calendar {

        public Date sendAt(String noticeId, Boolean respectQuietHours) {
            notice(noticeId);
            if (quietHoursNow && Boolean.TRUE.equals(respectQuietHours)) {
                ZonedDateTime local = now().atZone(zone);
                ZonedDateTime end = local.with(QUIET_HOURS_END).withSecond(0).withNano(0);
                return Date.from((end.isAfter(local) ? end : end.plusDays(1)).toInstant());
            }
            return Date.from(now());
        }

        public Date confirmationDeadline(String attemptId) {
            Attempt attempt = attempt(attemptId);
            return Date.from(attempt.confirmationDeadline == null ? now() : attempt.confirmationDeadline);
        }

        public Date retryAt(String attemptId) {
            Attempt attempt = attempt(attemptId);
            int nextTry = attempt.tryNumber + 1;
            return Date.from(now().plus(RETRY_BACKOFF.get(Math.min(nextTry - 2, RETRY_BACKOFF.size() - 1))));
        }

        public Date readAckDeadline(String noticeId, String readAckWait) {
            NoticeRecord notice = notice(noticeId);
            Instant from = notice.deliveredAt == null ? now() : notice.deliveredAt;
            return Date.from(from.plus(Duration.parse(readAckWait)));
        }

        public Date escalationDue(String escalationSla) {
            return Date.from(now().plus(Duration.parse(escalationSla)));
        }

        public String unreachableRetryAfter() {
            return UNREACHABLE_RETRY_AFTER.toString();
        }
    }

    /** The wait before the given try on one channel: 1 minute before the 2nd, 5 minutes before the 3rd. */
    public static Duration backoffBefore(int tryNumber) {
        return RETRY_BACKOFF.get(Math.min(tryNumber - 2, RETRY_BACKOFF.size() - 1));
    }

    // --- internals ---------------------------------------------------------------------------------------------

    /** As DeliveryFacts: usable addresses stored after the notice's last attempt was written, in channel order. */
    private String freshChannels(String noticeId) {
        Optional<Instant> lastAttempt = attempts(noticeId).stream().map(a -> a.createdAt).max(Comparator.naturalOrder());
        if (lastAttempt.isEmpty()) {
            return "";
        }
        return contactStates.entrySet().stream()
                .filter(e -> VALID.equals(e.getValue()) && contactsUpdatedAt.get(e.getKey()).isAfter(lastAttempt.get()))
                .map(e -> e.getKey().name())
                .sorted(Comparator.comparing(Channel::valueOf))
                .collect(Collectors.joining(","));
    }

    private List<Step> currentPlan(String noticeId) {
        List<List<Step>> all = notice(noticeId).plans;
        if (all.isEmpty()) {
            throw new IllegalStateException("notice " + noticeId + " has no plan yet");
        }
        return all.get(all.size() - 1);
    }

    private Step step(String noticeId, int stepNumber) {
        return currentPlan(noticeId).stream().filter(s -> s.step() == stepNumber).findFirst()
                .orElseThrow(() -> new IllegalStateException("notice " + noticeId + " has no step " + stepNumber));
    }

    private NoticeRecord notice(String noticeId) {
        NoticeRecord notice = notices.get(noticeId);
        if (notice == null) {
            throw new IllegalStateException("unknown notice " + noticeId);
        }
        return notice;
    }

    private Attempt attempt(String attemptId) {
        Attempt attempt = attempts.get(attemptId);
        if (attempt == null) {
            throw new IllegalStateException("unknown attempt " + attemptId);
        }
        return attempt;
    }

    private static Instant now() {
        return ClockUtil.now().toInstant();
    }

    private static String names(Channel... channels) {
        return Arrays.stream(channels).map(Enum::name).collect(Collectors.joining(","));
    }
}
