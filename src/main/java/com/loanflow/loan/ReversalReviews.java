package com.loanflow.loan;

import static com.loanflow.common.Jdbc.instant;
import static com.loanflow.common.Jdbc.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Reversals held for the servicing managers because the lien was already released. */
@Repository
public class ReversalReviews {

    private final JdbcClient jdbc;

    ReversalReviews(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(ReversalReview review) {
        jdbc.sql("""
                insert into reversal_review (repayment_id, loan_id, reversed_at, reason, requested_at)
                values (:repaymentId, :loanId, :reversedAt, :reason, :requestedAt)""")
                .param("repaymentId", review.repaymentId())
                .param("loanId", review.loanId())
                .param("reversedAt", utc(review.reversedAt()))
                .param("reason", review.reason())
                .param("requestedAt", utc(review.requestedAt()))
                .update();
    }

    public Optional<ReversalReview> find(String repaymentId) {
        return jdbc.sql("select * from reversal_review where repayment_id = :id")
                .param("id", repaymentId)
                .query(ReversalReviews::review)
                .optional();
    }

    /** The loan's reviews still waiting for a decision, oldest first. */
    public List<ReversalReview> pending(String loanId) {
        return jdbc.sql("""
                select * from reversal_review where loan_id = :loanId and decision is null
                order by requested_at, repayment_id""")
                .param("loanId", loanId)
                .query(ReversalReviews::review)
                .list();
    }

    void decide(String repaymentId, ReversalReview.Decision decision, Instant at) {
        jdbc.sql("update reversal_review set decision = :decision, decided_at = :at where repayment_id = :id")
                .param("decision", decision.name())
                .param("at", utc(at))
                .param("id", repaymentId)
                .update();
    }

    private static ReversalReview review(ResultSet rs, int row) throws SQLException {
        String decision = rs.getString("decision");
        return new ReversalReview(rs.getString("repayment_id"), rs.getString("loan_id"), instant(rs, "reversed_at"),
                rs.getString("reason"), instant(rs, "requested_at"),
                decision == null ? null : ReversalReview.Decision.valueOf(decision), instant(rs, "decided_at"));
    }
}
