package com.loanflow.notice.channel.sandbox;

import static com.loanflow.common.Jdbc.utc;

import com.loanflow.borrower.Channel;
import com.loanflow.notice.channel.ChannelProvider;
import com.loanflow.notice.channel.OutboundMessage;
import com.loanflow.notice.channel.SendResult;
import com.loanflow.sandbox.ConditionalOnSandbox;
import java.time.Clock;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The sandbox stands in for every channel's provider: it records each message in its outbox
 * ({@code GET /api/sandbox/outbox}) with the rendered content. A second send of the same attempt is recognised by
 * its idempotency key and not recorded again, as a real provider does with a client reference.
 */
@Component
@ConditionalOnSandbox
class SandboxChannelProvider implements ChannelProvider {

    static final String NAME = "sandbox";

    private final JdbcClient jdbc;
    private final Clock clock;

    SandboxChannelProvider(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean supports(Channel channel) {
        return true;
    }

    @Override
    public SendResult send(OutboundMessage message) {
        String messageId = "SBX-" + message.attemptId();
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
                    .param("provider", NAME)
                    .param("address", message.address())
                    .param("subject", message.content().subject())
                    .param("body", message.content().body())
                    .param("createdAt", utc(clock.instant()))
                    .update();
        } catch (DuplicateKeyException alreadySent) {
            // Same attempt again: the provider already has it.
        }
        return new SendResult(NAME, messageId);
    }
}
