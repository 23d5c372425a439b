package com.loanflow.notice.channel.sandbox;

import static com.loanflow.common.Jdbc.instant;

import com.loanflow.borrower.Channel;
import com.loanflow.borrower.Masking;
import com.loanflow.sandbox.ConditionalOnSandbox;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/sandbox/outbox?loanId=}: what the sandbox providers were asked to send, newest last. */
@RestController
@ConditionalOnSandbox
class SandboxOutboxController {

    private static final int LIMIT = 500;

    private final JdbcClient jdbc;

    SandboxOutboxController(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record OutboxMessage(String messageId, String attemptId, String noticeId, String loanId, String event,
                         String channel, String provider, String address, String subject, String body,
                         Instant createdAt) {
    }

    /** Without a loan id, the latest {@value #LIMIT} messages of all loans. */
    @GetMapping("/api/sandbox/outbox")
    List<OutboxMessage> outbox(@RequestParam(required = false) String loanId) {
        var query = loanId == null
                ? jdbc.sql("select * from (select * from sandbox_message order by created_at desc, id desc limit "
                        + LIMIT + ") latest order by created_at, id")
                : jdbc.sql("select * from sandbox_message where loan_id = :loanId order by created_at, id")
                        .param("loanId", loanId);
        return query.query((rs, n) -> new OutboxMessage(rs.getString("id"), rs.getString("attempt_id"),
                        rs.getString("notice_id"), rs.getString("loan_id"), rs.getString("event"),
                        rs.getString("channel"), rs.getString("provider"),
                        // The sandbox may run with real borrowers' details: addresses are masked like everywhere.
                        Masking.maskAddress(Channel.valueOf(rs.getString("channel")), rs.getString("address")),
                        rs.getString("subject"), rs.getString("body"), instant(rs, "created_at")))
                .list();
    }
}
