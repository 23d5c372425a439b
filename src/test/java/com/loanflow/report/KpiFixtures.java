package com.loanflow.report;

import static com.loanflow.common.Jdbc.utc;

import java.time.Instant;
import java.time.OffsetDateTime;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A known set of settled loans, notices and attempts in the first week of March 2021 (Asia/Shanghai), written as
 * the application writes them. No other test has data that early, so the figures of that week are exactly these,
 * whatever else ran in the same database. Written once per database.
 *
 * <pre>
 * loan  settled (UTC+8)  LOAN_SETTLED confirmed             outcome at {@link #NOW} (SLA 24 h)
 * A     03-01 10:00      03-01 12:00 (read)                 ON_TIME
 * B     03-02 09:00      03-03 10:00                        LATE (25 h)
 * C     03-03 23:30      never                              LATE (deadline passed)
 * D     reopened by a reversal: its notice counts per event, the loan not at all; the notice of a second payoff,
 *       withdrawn when that was reversed too, counts nowhere, nor do its attempts that never got an outcome
 * E     03-05 10:00      03-06 12:00; the notice of an earlier settlement (undone) was confirmed 03-04 09:00
 *                                                           LATE (26 h): only this settlement's notice counts
 * F     03-07 09:00      not yet                            PENDING
 * </pre>
 */
final class KpiFixtures {

    static final String FROM = "2021-03-01";
    static final String TO = "2021-03-07";
    /** The engine time the figures are computed at: Sunday 7 March 2021, noon in Shanghai. */
    static final Instant NOW = at("03-07T12:00:00");

    private static final String BORROWER = "BR-KPI-FIXTURE";

    private KpiFixtures() {
    }

    static void ensure(JdbcClient jdbc) {
        if (jdbc.sql("select count(*) from borrower where id = :id").param("id", BORROWER).query(Long.class).single() > 0) {
            return;
        }
        jdbc.sql("""
                insert into borrower (id, name, id_number, language, preferred_channels, time_zone, created_at)
                values (:id, '王芳', '110101199003079999', 'zh-CN', 'SMS', 'Asia/Shanghai', :at)""")
                .param("id", BORROWER).param("at", utc(at("02-01T09:00:00"))).update();
        loan(jdbc, "LN-KPI-A", "CLOSED", at("03-01T10:00:00"));
        loan(jdbc, "LN-KPI-B", "SETTLED", at("03-02T09:00:00"));
        loan(jdbc, "LN-KPI-C", "SETTLED", at("03-03T23:30:00"));
        loan(jdbc, "LN-KPI-D", "ACTIVE", null);
        loan(jdbc, "LN-KPI-E", "SETTLED", at("03-05T10:00:00"));
        loan(jdbc, "LN-KPI-F", "SETTLED", at("03-07T09:00:00"));

        notice(jdbc, "NT-KPI-A0", "LN-KPI-A", "REPAYMENT_RECEIVED", "DELIVERED", at("03-01T09:59:00"), at("03-01T09:59:30"));
        notice(jdbc, "NT-KPI-A1", "LN-KPI-A", "LOAN_SETTLED", "READ", at("03-01T10:00:05"), at("03-01T12:00:00"));
        notice(jdbc, "NT-KPI-B1", "LN-KPI-B", "LOAN_SETTLED", "READ", at("03-02T09:00:05"), at("03-03T10:00:00"));
        notice(jdbc, "NT-KPI-C1", "LN-KPI-C", "LOAN_SETTLED", "ESCALATED", at("03-03T23:30:05"), null);
        notice(jdbc, "NT-KPI-D1", "LN-KPI-D", "LOAN_SETTLED", "READ", at("03-03T12:00:00"), at("03-03T13:00:00"));
        notice(jdbc, "NT-KPI-D2", "LN-KPI-D", "LOAN_SETTLED", "WITHDRAWN", at("03-03T14:00:05"), null);
        withdrawn(jdbc, "NT-KPI-D2", at("03-03T15:00:00"));
        notice(jdbc, "NT-KPI-E0", "LN-KPI-E", "LOAN_SETTLED", "READ", at("03-04T08:00:00"), at("03-04T09:00:00"));
        notice(jdbc, "NT-KPI-E1", "LN-KPI-E", "LOAN_SETTLED", "READ", at("03-05T10:00:05"), at("03-06T12:00:00"));
        notice(jdbc, "NT-KPI-F1", "LN-KPI-F", "LOAN_SETTLED", "SENT", at("03-07T09:00:05"), null);

        attempt(jdbc, "AT-KPI-1", "NT-KPI-A1", "SMS", "kpi-sms", "DELIVERED", at("03-01T10:00:06"));
        attempt(jdbc, "AT-KPI-2", "NT-KPI-A1", "IN_APP", "in-app", "SENT", at("03-01T10:00:06"));
        attempt(jdbc, "AT-KPI-3", "NT-KPI-B1", "SMS", "kpi-sms", "TEMPORARY_FAILURE", at("03-02T09:00:06"));
        attempt(jdbc, "AT-KPI-4", "NT-KPI-B1", "SMS", "kpi-sms", "DELIVERED", at("03-02T09:01:06"));
        attempt(jdbc, "AT-KPI-5", "NT-KPI-B1", "EMAIL", "kpi-mail", "PERMANENT_FAILURE", at("03-02T09:02:06"));
        attempt(jdbc, "AT-KPI-6", "NT-KPI-C1", "SMS", "kpi-backup", "NO_RECEIPT", at("03-03T23:30:06"));
        attempt(jdbc, "AT-KPI-7", "NT-KPI-D2", "SMS", "kpi-sms", "SENT", at("03-03T14:00:06"));
        attempt(jdbc, "AT-KPI-8", "NT-KPI-D2", "EMAIL", "kpi-mail", "QUEUED", at("03-03T14:00:07"));
    }

    static Instant at(String monthDayTime) {
        return OffsetDateTime.parse("2021-" + monthDayTime + "+08:00").toInstant();
    }

    private static void loan(JdbcClient jdbc, String id, String status, Instant settledAt) {
        jdbc.sql("""
                insert into loan (id, borrower_id, status, settlement_state, vehicle_vin, vehicle_make, vehicle_model,
                    vehicle_price, principal, term_months, annual_rate, repayment_method, declared_monthly_income,
                    early_repayment_fee_rate, penalty_daily_rate, settled_at, created_at, updated_at)
                values (:id, :borrowerId, :status, :state, 'LSVKPI00000000001', 'Volkswagen', 'Lavida', 120000.00,
                    90000.00, 36, 0.0588, 'EQUAL_INSTALLMENT', 15000.00, 0.01, 0.0005, :settledAt, :createdAt,
                    :createdAt)""")
                .param("id", id)
                .param("borrowerId", BORROWER)
                .param("status", status)
                .param("state", settledAt == null ? "NOT_SETTLED" : "SETTLED")
                .param("settledAt", utc(settledAt))
                .param("createdAt", utc(at("02-01T09:00:00")))
                .update();
    }

    private static void notice(JdbcClient jdbc, String id, String loanId, String event, String status,
                               Instant createdAt, Instant confirmedAt) {
        jdbc.sql("""
                insert into notice (id, loan_id, borrower_id, event, status, language, template_version, subject,
                    body, read_ack_required, created_at, delivered_at, read_at, confirmed_at)
                values (:id, :loanId, :borrowerId, :event, :status, 'zh-CN', 1, :event, :event, :readAck, :createdAt,
                    :confirmedAt, :readAt, :confirmedAt)""")
                .param("id", id)
                .param("loanId", loanId)
                .param("borrowerId", BORROWER)
                .param("event", event)
                .param("status", status)
                .param("readAck", event.equals("LOAN_SETTLED"))
                .param("createdAt", utc(createdAt))
                .param("confirmedAt", utc(confirmedAt))
                .param("readAt", status.equals("READ") ? utc(confirmedAt) : null)
                .update();
    }

    private static void withdrawn(JdbcClient jdbc, String noticeId, Instant at) {
        jdbc.sql("update notice set withdrawn_at = :at, withdrawal_reason = 'repayment reversed' where id = :id")
                .param("at", utc(at))
                .param("id", noticeId)
                .update();
    }

    private static void attempt(JdbcClient jdbc, String id, String noticeId, String channel, String provider,
                                String status, Instant createdAt) {
        jdbc.sql("""
                insert into notice_attempt (id, notice_id, channel, provider, address, masked_address, status,
                    content_hash, created_at, sent_at, delivered_at)
                values (:id, :noticeId, :channel, :provider, '+8613800138000', '+86138****8000', :status,
                    '0000000000000000000000000000000000000000000000000000000000000000', :createdAt, :createdAt,
                    :deliveredAt)""")
                .param("id", id)
                .param("noticeId", noticeId)
                .param("channel", channel)
                .param("provider", provider)
                .param("status", status)
                .param("createdAt", utc(createdAt))
                .param("deliveredAt", status.equals("DELIVERED") ? utc(createdAt.plusSeconds(2)) : null)
                .update();
    }
}
