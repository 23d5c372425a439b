package com.loanflow.notice;

import static com.loanflow.common.Jdbc.instant;
import static com.loanflow.common.Jdbc.utc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.loanflow.borrower.Channel;
import com.loanflow.notice.channel.ReceiptOutcome;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Notices, their delivery plans, attempts and receipts: the proof of what was sent to whom, on which channel, when,
 * and what came back (D11). Attempt content and receipts are only ever inserted.
 */
@Repository
class NoticeRepository {

    private static final TypeReference<Map<String, String>> PARAMETERS = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    NoticeRepository(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    // ---- notices ----

    void insert(Notice notice) {
        jdbc.sql("""
                insert into notice (id, loan_id, borrower_id, event, status, language, template_version, subject,
                    body, parameters, reference, process_instance_id, created_at)
                values (:id, :loanId, :borrowerId, :event, :status, :language, :version, :subject, :body,
                    :parameters, :reference, :processInstanceId, :createdAt)""")
                .param("id", notice.id())
                .param("loanId", notice.loanId())
                .param("borrowerId", notice.borrowerId())
                .param("event", notice.event().name())
                .param("status", notice.status().name())
                .param("language", notice.language())
                .param("version", notice.templateVersion())
                .param("subject", notice.subject())
                .param("body", notice.body())
                .param("parameters", write(notice.parameters()))
                .param("reference", notice.reference())
                .param("processInstanceId", notice.processInstanceId())
                .param("createdAt", utc(notice.createdAt()))
                .update();
    }

    Optional<Notice> find(String id) {
        return jdbc.sql("select * from notice where id = :id").param("id", id).query(this::notice).optional();
    }

    Optional<String> loanOf(String id) {
        return jdbc.sql("select loan_id from notice where id = :id").param("id", id).query(String.class).optional();
    }

    /** Locks the notice row, so receipts, read acknowledgements and the delivery process of one notice take turns. */
    Optional<Notice> lock(String id) {
        return jdbc.sql("select * from notice where id = :id for update").param("id", id).query(this::notice).optional();
    }

    List<Notice> forLoan(String loanId) {
        return jdbc.sql("select * from notice where loan_id = :loanId order by created_at desc, id desc")
                .param("loanId", loanId)
                .query(this::notice)
                .list();
    }

    /** Notices of a borrower not yet confirmed, whose delivery may have to start again on new contact details. */
    List<Notice> unconfirmedForBorrower(String borrowerId) {
        return jdbc.sql("""
                select * from notice where borrower_id = :borrowerId and confirmed_at is null
                order by created_at""")
                .param("borrowerId", borrowerId)
                .query(this::notice)
                .list();
    }

    void setStatus(String id, NoticeStatus status) {
        jdbc.sql("update notice set status = :status where id = :id")
                .param("status", status.name())
                .param("id", id)
                .update();
    }

    void recordDelivered(String id, Instant at, boolean confirms) {
        jdbc.sql("""
                update notice set status = case when status in ('READ', 'RESOLVED_BY_STAFF') then status else 'DELIVERED' end,
                    delivered_at = coalesce(delivered_at, :at),
                    confirmed_at = case when :confirms then coalesce(confirmed_at, :at) else confirmed_at end
                where id = :id""")
                .param("at", utc(at))
                .param("confirms", confirms)
                .param("id", id)
                .update();
    }

    void recordRead(String id, Instant at) {
        jdbc.sql("""
                update notice set status = 'READ', read_at = :at, confirmed_at = coalesce(confirmed_at, :at)
                where id = :id and read_at is null""")
                .param("at", utc(at))
                .param("id", id)
                .update();
    }

    void recordEscalated(String id, Instant at) {
        jdbc.sql("update notice set status = 'ESCALATED', escalated_at = coalesce(escalated_at, :at) where id = :id")
                .param("at", utc(at))
                .param("id", id)
                .update();
    }

    void recordResolvedByStaff(String id, String by, Instant at) {
        jdbc.sql("""
                update notice set status = 'RESOLVED_BY_STAFF', resolved_by = :by, confirmed_at = coalesce(confirmed_at, :at)
                where id = :id""")
                .param("by", by)
                .param("at", utc(at))
                .param("id", id)
                .update();
    }

    // ---- plans ----

    int newPlanRevision(String noticeId, boolean readAckRequired, List<DeliveryStep> steps) {
        int revision = jdbc.sql("select plan_revision from notice where id = :id").param("id", noticeId)
                .query(Integer.class).single() + 1;
        jdbc.sql("update notice set plan_revision = :revision, read_ack_required = :readAck where id = :id")
                .param("revision", revision)
                .param("readAck", readAckRequired)
                .param("id", noticeId)
                .update();
        for (DeliveryStep step : steps) {
            jdbc.sql("""
                    insert into delivery_step (notice_id, plan_revision, step, channel, confirmation_timeout)
                    values (:noticeId, :revision, :step, :channel, :timeout)""")
                    .param("noticeId", noticeId)
                    .param("revision", revision)
                    .param("step", step.step())
                    .param("channel", step.channel().name())
                    .param("timeout", step.confirmationTimeout().toString())
                    .update();
        }
        return revision;
    }

    List<DeliveryStep> plan(String noticeId, int revision) {
        return jdbc.sql("""
                select * from delivery_step where notice_id = :noticeId and plan_revision = :revision order by step""")
                .param("noticeId", noticeId)
                .param("revision", revision)
                .query((rs, n) -> new DeliveryStep(rs.getInt("step"), Channel.valueOf(rs.getString("channel")),
                        Duration.parse(rs.getString("confirmation_timeout"))))
                .list();
    }

    // ---- attempts ----

    void insertAttempt(Attempt attempt) {
        jdbc.sql("""
                insert into notice_attempt (id, notice_id, plan_revision, step, try_number, channel, provider, address,
                    masked_address, status, subject, body, template_reference, content_hash, created_at)
                values (:id, :noticeId, :revision, :step, :try, :channel, :provider, :address, :masked, :status,
                    :subject, :body, :templateReference, :contentHash, :createdAt)""")
                .param("id", attempt.id())
                .param("noticeId", attempt.noticeId())
                .param("revision", attempt.planRevision())
                .param("step", attempt.step())
                .param("try", attempt.tryNumber())
                .param("channel", attempt.channel().name())
                .param("provider", attempt.provider())
                .param("address", attempt.address())
                .param("masked", attempt.maskedAddress())
                .param("status", attempt.status().name())
                .param("subject", attempt.subject())
                .param("body", attempt.body())
                .param("templateReference", attempt.templateReference())
                .param("contentHash", attempt.contentHash())
                .param("createdAt", utc(attempt.createdAt()))
                .update();
    }

    Optional<Attempt> findAttempt(String id) {
        return jdbc.sql("select * from notice_attempt where id = :id").param("id", id)
                .query(NoticeRepository::attempt).optional();
    }

    Optional<Attempt> lockAttempt(String id) {
        return jdbc.sql("select * from notice_attempt where id = :id for update").param("id", id)
                .query(NoticeRepository::attempt).optional();
    }

    Optional<Attempt> findAttemptByMessage(String provider, String providerMessageId) {
        return jdbc.sql("""
                select * from notice_attempt where provider = :provider and provider_message_id = :messageId""")
                .param("provider", provider)
                .param("messageId", providerMessageId)
                .query(NoticeRepository::attempt)
                .optional();
    }

    List<Attempt> attempts(String noticeId) {
        return jdbc.sql("select * from notice_attempt where notice_id = :noticeId order by created_at, try_number, id")
                .param("noticeId", noticeId)
                .query(NoticeRepository::attempt)
                .list();
    }

    int tries(String noticeId, int revision, int step) {
        return jdbc.sql("""
                select count(*) from notice_attempt where notice_id = :noticeId and plan_revision = :revision
                    and step = :step""")
                .param("noticeId", noticeId)
                .param("revision", revision)
                .param("step", step)
                .query(Integer.class)
                .single();
    }

    /** A receipt may have beaten the send here (applied already): the state then stays what the receipt said. */
    void recordSent(String attemptId, String provider, String providerMessageId, Instant sentAt, Instant deadline) {
        jdbc.sql("""
                update notice_attempt set status = case when status in ('QUEUED', 'SENDING', 'UNKNOWN') then 'SENT' else status end,
                    provider = :provider, provider_message_id = :messageId, sent_at = :sentAt,
                    confirmation_deadline = :deadline
                where id = :id""")
                .param("provider", provider)
                .param("messageId", providerMessageId)
                .param("sentAt", utc(sentAt))
                .param("deadline", utc(deadline))
                .param("id", attemptId)
                .update();
    }

    void recordOutcome(String attemptId, AttemptStatus status, String failureReason, Instant deliveredAt) {
        jdbc.sql("""
                update notice_attempt set status = :status, failure_reason = coalesce(:reason, failure_reason),
                    delivered_at = coalesce(delivered_at, :deliveredAt)
                where id = :id""")
                .param("status", status.name())
                .param("reason", failureReason)
                .param("deliveredAt", utc(deliveredAt))
                .param("id", attemptId)
                .update();
    }

    // ---- receipts ----

    boolean receiptExists(String provider, String eventId) {
        return jdbc.sql("select count(*) from notice_receipt where provider = :provider and event_id = :eventId")
                .param("provider", provider)
                .param("eventId", eventId)
                .query(Long.class)
                .single() > 0;
    }

    /** A concurrent copy of the same receipt violates notice_receipt_event_uk; the caller treats that as a duplicate. */
    void insertReceipt(Receipt receipt) {
        jdbc.sql("""
                insert into notice_receipt (id, attempt_id, provider, provider_message_id, outcome, detail, occurred_at,
                    received_at, event_id)
                values (:id, :attemptId, :provider, :messageId, :outcome, :detail, :occurredAt, :receivedAt, :eventId)""")
                .param("id", receipt.id())
                .param("attemptId", receipt.attemptId())
                .param("provider", receipt.provider())
                .param("messageId", receipt.providerMessageId())
                .param("outcome", receipt.outcome().name())
                .param("detail", receipt.detail())
                .param("occurredAt", utc(receipt.occurredAt()))
                .param("receivedAt", utc(receipt.receivedAt()))
                .param("eventId", receipt.eventId())
                .update();
    }

    /** Links receipts that arrived before their attempt's send had recorded the provider's message id. */
    void matchReceipts(String provider, String providerMessageId, String attemptId) {
        jdbc.sql("""
                update notice_receipt set attempt_id = :attemptId
                where attempt_id is null and provider = :provider and provider_message_id = :messageId""")
                .param("attemptId", attemptId)
                .param("provider", provider)
                .param("messageId", providerMessageId)
                .update();
    }

    List<Receipt> receipts(String attemptId) {
        return jdbc.sql("select * from notice_receipt where attempt_id = :attemptId order by received_at, id")
                .param("attemptId", attemptId)
                .query(NoticeRepository::receipt)
                .list();
    }

    private Notice notice(ResultSet rs, int row) throws SQLException {
        return new Notice(rs.getString("id"), rs.getString("loan_id"), rs.getString("borrower_id"),
                NoticeEvent.valueOf(rs.getString("event")), NoticeStatus.valueOf(rs.getString("status")),
                rs.getString("language"), rs.getInt("template_version"), rs.getString("subject"),
                rs.getString("body"), read(rs.getString("parameters")), rs.getString("reference"),
                rs.getString("process_instance_id"), rs.getInt("plan_revision"), rs.getBoolean("read_ack_required"),
                instant(rs, "created_at"),
                instant(rs, "delivered_at"), instant(rs, "read_at"), instant(rs, "confirmed_at"),
                instant(rs, "escalated_at"), rs.getString("resolved_by"));
    }

    private static Attempt attempt(ResultSet rs, int row) throws SQLException {
        return new Attempt(rs.getString("id"), rs.getString("notice_id"), rs.getInt("plan_revision"),
                rs.getInt("step"), rs.getInt("try_number"), Channel.valueOf(rs.getString("channel")),
                rs.getString("provider"), rs.getString("address"), rs.getString("masked_address"),
                AttemptStatus.valueOf(rs.getString("status")), rs.getString("subject"), rs.getString("body"),
                rs.getString("template_reference"), rs.getString("content_hash"),
                rs.getString("provider_message_id"), instant(rs, "created_at"), instant(rs, "sent_at"),
                instant(rs, "confirmation_deadline"), instant(rs, "delivered_at"), rs.getString("failure_reason"));
    }

    private static Receipt receipt(ResultSet rs, int row) throws SQLException {
        return new Receipt(rs.getString("id"), rs.getString("attempt_id"), rs.getString("provider"),
                rs.getString("provider_message_id"), ReceiptOutcome.valueOf(rs.getString("outcome")),
                rs.getString("detail"), instant(rs, "occurred_at"), instant(rs, "received_at"),
                rs.getString("event_id"));
    }

    private String write(Map<String, String> parameters) {
        try {
            return parameters == null ? null : json.writeValueAsString(parameters);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Notice parameters cannot be written as JSON", e);
        }
    }

    private Map<String, String> read(String parameters) {
        try {
            return parameters == null ? Map.of() : json.readValue(parameters, PARAMETERS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Notice parameters are not valid JSON", e);
        }
    }
}
