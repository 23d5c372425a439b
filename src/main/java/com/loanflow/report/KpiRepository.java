package com.loanflow.report;

import static com.loanflow.common.Jdbc.instant;
import static com.loanflow.common.Jdbc.utc;

import com.loanflow.notice.AttemptStatus;
import com.loanflow.notice.NoticeEvent;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Reads the KPI facts from the loans, notices and attempts, for a time range {@code [from, to)}. Portable SQL: the
 * same statements run on PostgreSQL and H2. The figures are computed in Java, which keeps percentiles and time
 * arithmetic out of vendor-specific SQL; the range is bounded, so the rows are too.
 */
@Repository
class KpiRepository {

    private final JdbcClient jdbc;

    KpiRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Loans settled in the range and still settled: a reversal reopens a loan and clears {@code settled_at}. The
     * confirmation is the first one of a {@code LOAN_SETTLED} notice raised for this settlement; a notice of an
     * earlier settlement that a reversal undid does not count, nor does a withdrawn one.
     */
    List<SettlementNoticeTimeliness.SettledLoan> settledLoans(Instant from, Instant to) {
        return jdbc.sql("""
                select l.id, l.settled_at,
                    (select min(n.confirmed_at) from notice n
                     where n.loan_id = l.id and n.event = :event and n.created_at >= l.settled_at
                        and n.withdrawn_at is null) as confirmed_at
                from loan l
                where l.settled_at >= :from and l.settled_at < :to
                order by l.settled_at, l.id""")
                .param("event", NoticeEvent.LOAN_SETTLED.name())
                .param("from", utc(from))
                .param("to", utc(to))
                .query((rs, n) -> new SettlementNoticeTimeliness.SettledLoan(rs.getString("id"),
                        instant(rs, "settled_at"), instant(rs, "confirmed_at")))
                .list();
    }

    /**
     * Every notice raised in the range, confirmed or not, except those withdrawn: what they announced no longer
     * holds, so nobody waits for their confirmation.
     */
    List<ConfirmationTime.RaisedNotice> notices(Instant from, Instant to) {
        return jdbc.sql("""
                select event, created_at, confirmed_at from notice
                where created_at >= :from and created_at < :to and withdrawn_at is null""")
                .param("from", utc(from))
                .param("to", utc(to))
                .query((rs, n) -> new ConfirmationTime.RaisedNotice(rs.getString("event"), instant(rs, "created_at"),
                        instant(rs, "confirmed_at")))
                .list();
    }

    /**
     * Attempts made in the range, counted per channel, provider and status. An attempt of a withdrawn notice still
     * queued or awaiting its receipt is left out: its delivery was ended, so it will never have an outcome.
     */
    List<DeliveryRate.AttemptCount> attemptCounts(Instant from, Instant to) {
        return jdbc.sql("""
                select a.channel, a.provider, a.status, count(*) as attempts from notice_attempt a
                where a.created_at >= :from and a.created_at < :to
                    and not (a.status in (:awaiting) and exists (
                        select 1 from notice n where n.id = a.notice_id and n.withdrawn_at is not null))
                group by a.channel, a.provider, a.status""")
                .param("from", utc(from))
                .param("to", utc(to))
                .param("awaiting", List.of(AttemptStatus.QUEUED.name(), AttemptStatus.SENT.name()))
                .query((rs, n) -> new DeliveryRate.AttemptCount(rs.getString("channel"), rs.getString("provider"),
                        AttemptStatus.valueOf(rs.getString("status")), rs.getLong("attempts")))
                .list();
    }
}
