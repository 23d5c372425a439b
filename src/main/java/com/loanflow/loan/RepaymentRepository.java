package com.loanflow.loan;

import static com.loanflow.common.Jdbc.instant;
import static com.loanflow.common.Jdbc.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class RepaymentRepository {

    private final JdbcClient jdbc;

    RepaymentRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(Repayment repayment) {
        Allocation a = repayment.allocation();
        jdbc.sql("""
                insert into repayment (id, loan_id, transaction_id, amount, paid_at, channel, principal_applied,
                    interest_applied, fees_applied, penalties_applied, overpaid_applied, early_payoff,
                    early_repayment_fee_charged, penalties_charged, created_at)
                values (:id, :loanId, :transactionId, :amount, :paidAt, :channel, :principal, :interest, :fees,
                    :penalties, :overpaid, :earlyPayoff, :feeCharged, :penaltiesCharged, :createdAt)""")
                .param("id", repayment.id())
                .param("loanId", repayment.loanId())
                .param("transactionId", repayment.transactionId())
                .param("amount", repayment.amount())
                .param("paidAt", utc(repayment.paidAt()))
                .param("channel", repayment.channel())
                .param("createdAt", utc(repayment.createdAt()))
                .params(allocation(a))
                .update();
    }

    Optional<Repayment> findByTransactionId(String transactionId) {
        return jdbc.sql("select * from repayment where transaction_id = :transactionId")
                .param("transactionId", transactionId)
                .query(RepaymentRepository::repayment)
                .optional();
    }

    public Repayment get(String id) {
        return jdbc.sql("select * from repayment where id = :id").param("id", id)
                .query(RepaymentRepository::repayment).optional()
                .orElseThrow(() -> new IllegalStateException("Repayment " + id + " does not exist"));
    }

    /** The repayments of a loan that stand (not reversed), in the order they were paid. */
    List<Repayment> standing(String loanId) {
        return jdbc.sql("""
                select * from repayment where loan_id = :loanId and reversed_at is null order by paid_at, created_at""")
                .param("loanId", loanId)
                .query(RepaymentRepository::repayment)
                .list();
    }

    void markReversed(String id, Instant at, String reason) {
        jdbc.sql("update repayment set reversed_at = :at, reversal_reason = :reason where id = :id")
                .param("at", utc(at))
                .param("reason", reason)
                .param("id", id)
                .update();
    }

    void updateAllocation(String id, Allocation a) {
        jdbc.sql("""
                update repayment set principal_applied = :principal, interest_applied = :interest,
                    fees_applied = :fees, penalties_applied = :penalties, overpaid_applied = :overpaid,
                    early_payoff = :earlyPayoff, early_repayment_fee_charged = :feeCharged,
                    penalties_charged = :penaltiesCharged
                where id = :id""")
                .param("id", id)
                .params(allocation(a))
                .update();
    }

    /** The allocation columns' parameters, the same for a new repayment and a reallocated one. */
    private static Map<String, Object> allocation(Allocation a) {
        return Map.of("principal", a.principal(), "interest", a.interest(), "fees", a.fees(),
                "penalties", a.penalties(), "overpaid", a.overpaid(), "earlyPayoff", a.earlyPayoff(),
                "feeCharged", a.earlyRepaymentFee(), "penaltiesCharged", a.penaltiesCharged());
    }

    private static Repayment repayment(ResultSet rs, int row) throws SQLException {
        Allocation allocation = new Allocation(rs.getBigDecimal("principal_applied"),
                rs.getBigDecimal("interest_applied"), rs.getBigDecimal("fees_applied"),
                rs.getBigDecimal("penalties_applied"), rs.getBigDecimal("overpaid_applied"),
                rs.getBoolean("early_payoff"), rs.getBigDecimal("early_repayment_fee_charged"),
                rs.getBigDecimal("penalties_charged"));
        return new Repayment(rs.getString("id"), rs.getString("loan_id"), rs.getString("transaction_id"),
                rs.getBigDecimal("amount"), instant(rs, "paid_at"), rs.getString("channel"), allocation,
                instant(rs, "created_at"), instant(rs, "reversed_at"), rs.getString("reversal_reason"));
    }
}
