package com.loanflow.notice;

import com.loanflow.borrower.Channel;

/**
 * An attempt's state changed: published once per change, in the transaction that stored it, so listeners that
 * count (metrics, provider health) can wait for the commit and never count a rolled-back or replayed change.
 * A duplicate or out-of-order receipt that leaves the attempt as it was publishes nothing.
 *
 * @param provider the provider that answered: for {@code SENT} the one that took the message (an SMS failover
 *                 names the backup gateway), otherwise the provider recorded on the attempt
 * @param status   the attempt's new state; {@code SENT} means the provider took the message
 * @param stage    where the outcome came from: the send call, a receipt, or the confirmation timeout
 * @param detail   the failure reason, or null
 */
public record AttemptOutcomeRecorded(String loanId, String noticeId, String attemptId, NoticeEvent event,
                                     Channel channel, String provider, AttemptStatus status, Stage stage,
                                     String detail) {

    public enum Stage {
        /** The provider's answer to the send call: says whether the provider itself works. */
        SEND,
        /** A delivery receipt: says what became of the message after the provider took it. */
        RECEIPT,
        /** The confirmation timeout passed without a receipt. */
        TIMEOUT
    }

    static AttemptOutcomeRecorded of(Notice notice, Attempt attempt, String provider, AttemptStatus status,
                                     Stage stage, String detail) {
        return new AttemptOutcomeRecorded(notice.loanId(), notice.id(), attempt.id(), notice.event(),
                attempt.channel(), provider, status, stage, detail);
    }
}
