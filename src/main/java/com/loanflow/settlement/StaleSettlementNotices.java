package com.loanflow.settlement;

import static com.loanflow.common.Jdbc.utc;

import com.loanflow.notice.NoticeEvent;
import com.loanflow.notice.NoticeStatus;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * LOAN_SETTLED notices that a reversal made stale. The rows are the notice feature's; settlement only ever withdraws
 * them, in the lifecycle transaction that ends their delivery, so the notice and its process never disagree.
 */
@Repository
class StaleSettlementNotices {

    /** The borrower has not been reached on any channel yet (FAILED: staff recorded them unreachable). */
    private static final List<String> NOT_REACHED = List.of(NoticeStatus.PENDING.name(), NoticeStatus.FAILED.name());

    private final JdbcClient jdbc;

    StaleSettlementNotices(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Withdraws every LOAN_SETTLED notice of the loan that is not confirmed; returns how many. Confirmed ones stay
     * as they are: the borrower read them, and REPAYMENT_REVERSED corrects them.
     */
    int withdraw(String loanId, String repaymentId, Instant at) {
        String undone = "repayment " + repaymentId + " was reversed, so the loan is no longer settled as announced";
        return jdbc.sql("""
                update notice set status = :withdrawn, withdrawn_at = :at,
                    withdrawal_reason = case when status in (:notReached) then :beforeSending else :afterSending end
                where loan_id = :loanId and event = :event and confirmed_at is null and withdrawn_at is null""")
                .param("withdrawn", NoticeStatus.WITHDRAWN.name())
                .param("at", utc(at))
                .param("notReached", NOT_REACHED)
                .param("beforeSending", "Withdrawn before it reached the borrower: " + undone + ".")
                .param("afterSending", "Withdrawn after it was sent: " + undone
                        + "; REPAYMENT_REVERSED tells the borrower.")
                .param("loanId", loanId)
                .param("event", NoticeEvent.LOAN_SETTLED.name())
                .update();
    }
}
