package com.loanflow.notice;

import static com.loanflow.common.Jdbc.utc;

import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The conditional updates that keep a send exactly-once: an attempt is claimed (QUEUED → SENDING) before its provider
 * is called, and the answer is written only over SENDING, so a receipt that was faster, a re-plan that cancelled the
 * attempt, or a second run of the job never overwrites what is known.
 */
@Repository
class SendStates {

    private final JdbcClient jdbc;

    SendStates(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Locks the attempt and returns its state as it was; a QUEUED attempt is SENDING from now on. */
    Optional<AttemptStatus> claim(String attemptId) {
        Optional<AttemptStatus> before = jdbc.sql("select status from notice_attempt where id = :id for update")
                .param("id", attemptId).query(String.class).optional().map(AttemptStatus::valueOf);
        if (before.filter(status -> status == AttemptStatus.QUEUED).isPresent()) {
            jdbc.sql("update notice_attempt set status = 'SENDING' where id = :id").param("id", attemptId).update();
        }
        return before;
    }

    /** The provider may have the message: it is awaited like a sent one, until its confirmation deadline. */
    void recordUnknown(String attemptId, String reason, Instant sentAt, Instant deadline) {
        jdbc.sql("""
                update notice_attempt set status = 'UNKNOWN', failure_reason = :reason, sent_at = :sentAt,
                    confirmation_deadline = :deadline
                where id = :id and status = 'SENDING'""")
                .param("reason", reason)
                .param("sentAt", utc(sentAt))
                .param("deadline", utc(deadline))
                .param("id", attemptId)
                .update();
    }

    void recordRefused(String attemptId, AttemptStatus status, String reason) {
        jdbc.sql("update notice_attempt set status = :status, failure_reason = :reason where id = :id and status = 'SENDING'")
                .param("status", status.name())
                .param("reason", reason)
                .param("id", attemptId)
                .update();
    }

    /** Attempts of earlier plans that were never handed to a provider will never be: a new plan replaces them. */
    void cancelQueued(String noticeId) {
        jdbc.sql("update notice_attempt set status = 'CANCELLED' where notice_id = :noticeId and status = 'QUEUED'")
                .param("noticeId", noticeId)
                .update();
    }
}
