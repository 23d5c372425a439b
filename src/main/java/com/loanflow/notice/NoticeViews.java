package com.loanflow.notice;

import com.loanflow.borrower.Channel;
import com.loanflow.borrower.Masking;
import com.loanflow.loan.LoanRepository;
import com.loanflow.notice.channel.ReceiptOutcome;
import com.loanflow.web.ApiException;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Notices as the borrower app and integrators read them, with the proof of notice (D11): each attempt's channel,
 * provider, masked address, content hash and provider message id, and every receipt with its time.
 */
@Component
class NoticeViews {

    private final NoticeRepository notices;
    private final LoanRepository loans;

    NoticeViews(NoticeRepository notices, LoanRepository loans) {
        this.notices = notices;
        this.loans = loans;
    }

    record Content(String subject, String body) {
    }

    record ReceiptView(String provider, ReceiptOutcome outcome, String detail, Instant occurredAt, Instant receivedAt) {
    }

    /** Exactly what this attempt handed to its provider, and the hash that proves it (D11). */
    record AttemptContent(String subject, String body, String templateReference, String hash) {
    }

    record AttemptView(String attemptId, Channel channel, String provider, String address, AttemptStatus status,
                       Instant createdAt, Instant sentAt, Instant deliveredAt, String failureReason,
                       String providerMessageId, String contentHash, AttemptContent content,
                       List<ReceiptView> receipts) {
    }

    record NoticeView(String noticeId, String loanId, NoticeEvent event, NoticeStatus status, Instant createdAt,
                      Instant confirmedAt, Instant deliveredAt, Instant readAt, Instant escalatedAt,
                      String resolvedBy, Content content, List<AttemptView> attempts) {
    }

    List<NoticeView> forLoan(String loanId) {
        if (loans.find(loanId).isEmpty()) {
            throw ApiException.notFound("Loan", loanId);
        }
        return notices.forLoan(loanId).stream().map(this::view).toList();
    }

    NoticeView notice(String noticeId) {
        return view(notices.find(noticeId).orElseThrow(() -> ApiException.notFound("Notice", noticeId)));
    }

    /** Providers' failure texts quote the address they were given; the stored proof keeps it, the view does not. */
    private static String hidden(Attempt attempt, String text) {
        return Masking.hideIn(text, attempt.address(), attempt.maskedAddress());
    }

    private NoticeView view(Notice n) {
        List<AttemptView> attempts = notices.attempts(n.id()).stream()
                .map(a -> new AttemptView(a.id(), a.channel(), a.provider(), a.maskedAddress(), a.status(),
                        a.createdAt(), a.sentAt(), a.deliveredAt(), hidden(a, a.failureReason()), a.providerMessageId(),
                        a.contentHash(), new AttemptContent(a.subject(), a.body(), a.templateReference(), a.contentHash()),
                        notices.receipts(a.id()).stream()
                        .map(r -> new ReceiptView(r.provider(), r.outcome(), hidden(a, r.detail()), r.occurredAt(),
                                r.receivedAt()))
                        .toList()))
                .toList();
        return new NoticeView(n.id(), n.loanId(), n.event(), n.status(), n.createdAt(), n.confirmedAt(),
                n.deliveredAt(), n.readAt(), n.escalatedAt(), n.resolvedBy(), new Content(n.subject(), n.body()),
                attempts);
    }
}
