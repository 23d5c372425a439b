package com.loanflow.notice;

import static com.loanflow.common.Jdbc.instant;
import static com.loanflow.common.Jdbc.utc;

import com.loanflow.borrower.Channel;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Notices and their attempts: the proof of what was sent to whom, on which channel, and what came back. */
@Repository
class NoticeRepository {

    private final JdbcClient jdbc;

    NoticeRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(Notice notice) {
        jdbc.sql("""
                insert into notice (id, loan_id, borrower_id, event, status, language, template_version, subject,
                    body, reference, process_instance_id, created_at)
                values (:id, :loanId, :borrowerId, :event, :status, :language, :version, :subject, :body,
                    :reference, :processInstanceId, :createdAt)""")
                .param("id", notice.id())
                .param("loanId", notice.loanId())
                .param("borrowerId", notice.borrowerId())
                .param("event", notice.event().name())
                .param("status", notice.status().name())
                .param("language", notice.language())
                .param("version", notice.templateVersion())
                .param("subject", notice.subject())
                .param("body", notice.body())
                .param("reference", notice.reference())
                .param("processInstanceId", notice.processInstanceId())
                .param("createdAt", utc(notice.createdAt()))
                .update();
    }

    Optional<Notice> find(String id) {
        return jdbc.sql("select * from notice where id = :id").param("id", id).query(NoticeRepository::notice).optional();
    }

    void setStatus(String id, NoticeStatus status) {
        jdbc.sql("update notice set status = :status where id = :id")
                .param("status", status.name())
                .param("id", id)
                .update();
    }

    void insertAttempt(Attempt attempt) {
        jdbc.sql("""
                insert into notice_attempt (id, notice_id, channel, provider, address, status, content_hash,
                    created_at)
                values (:id, :noticeId, :channel, :provider, :address, :status, :contentHash, :createdAt)""")
                .param("id", attempt.id())
                .param("noticeId", attempt.noticeId())
                .param("channel", attempt.channel().name())
                .param("provider", attempt.provider())
                .param("address", attempt.address())
                .param("status", attempt.status().name())
                .param("contentHash", attempt.contentHash())
                .param("createdAt", utc(attempt.createdAt()))
                .update();
    }

    void recordSent(String attemptId, String providerMessageId, Instant sentAt) {
        jdbc.sql("""
                update notice_attempt set status = 'SENT', provider_message_id = :messageId, sent_at = :sentAt
                where id = :id""")
                .param("messageId", providerMessageId)
                .param("sentAt", utc(sentAt))
                .param("id", attemptId)
                .update();
    }

    List<Attempt> attempts(String noticeId) {
        return jdbc.sql("select * from notice_attempt where notice_id = :noticeId order by created_at, id")
                .param("noticeId", noticeId)
                .query(NoticeRepository::attempt)
                .list();
    }

    private static Notice notice(ResultSet rs, int row) throws SQLException {
        return new Notice(rs.getString("id"), rs.getString("loan_id"), rs.getString("borrower_id"),
                NoticeEvent.valueOf(rs.getString("event")), NoticeStatus.valueOf(rs.getString("status")),
                rs.getString("language"), rs.getInt("template_version"), rs.getString("subject"),
                rs.getString("body"), rs.getString("reference"), rs.getString("process_instance_id"),
                instant(rs, "created_at"), instant(rs, "confirmed_at"));
    }

    private static Attempt attempt(ResultSet rs, int row) throws SQLException {
        return new Attempt(rs.getString("id"), rs.getString("notice_id"), Channel.valueOf(rs.getString("channel")),
                rs.getString("provider"), rs.getString("address"), AttemptStatus.valueOf(rs.getString("status")),
                rs.getString("content_hash"), rs.getString("provider_message_id"), instant(rs, "created_at"),
                instant(rs, "sent_at"), instant(rs, "delivered_at"), rs.getString("failure_reason"));
    }
}
