package com.loanflow.notice;

import com.loanflow.borrower.Borrower;
import com.loanflow.borrower.BorrowerRepository;
import com.loanflow.borrower.Channel;
import com.loanflow.borrower.Contact;
import com.loanflow.borrower.ContactStatus;
import com.loanflow.common.Ids;
import com.loanflow.loan.Loan;
import com.loanflow.loan.LoanRepository;
import com.loanflow.process.EngineRetry;
import com.loanflow.process.NoticeDeliveryProcess;
import com.loanflow.web.ApiException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Notices as borrowers and staff meet them: raised (rendered once, kept as sent), acknowledged as read (已读),
 * delivered again on corrected contact details, or settled by a staff member who reached the borrower.
 */
@Service
public class NoticeService {

    private static final Logger log = LoggerFactory.getLogger(NoticeService.class);
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private final NoticeRepository notices;
    private final NoticeTemplates templates;
    private final NoticeParameters parameters;
    private final LoanRepository loans;
    private final BorrowerRepository borrowers;
    private final NoticeDeliveryProcess process;
    private final EngineRetry retry;
    private final Clock clock;

    NoticeService(NoticeRepository notices, NoticeTemplates templates, NoticeParameters parameters,
                  LoanRepository loans, BorrowerRepository borrowers, NoticeDeliveryProcess process, EngineRetry retry,
                  Clock clock) {
        this.notices = notices;
        this.templates = templates;
        this.parameters = parameters;
        this.loans = loans;
        this.borrowers = borrowers;
        this.process = process;
        this.retry = retry;
        this.clock = clock;
    }

    /** Contact details a borrower app or staff member gives; null fields stay as they are. */
    public record ContactDetails(String phone, String email, String wechatOpenId, String pushToken) {

        Map<Channel, String> byChannel() {
            Map<Channel, String> byChannel = new java.util.EnumMap<>(Channel.class);
            if (phone != null) {
                byChannel.put(Channel.SMS, phone);
            }
            if (email != null) {
                byChannel.put(Channel.EMAIL, email);
            }
            if (wechatOpenId != null) {
                byChannel.put(Channel.WECHAT, wechatOpenId);
            }
            if (pushToken != null) {
                byChannel.put(Channel.PUSH, pushToken);
            }
            return byChannel;
        }
    }

    public String create(String loanId, NoticeEvent event, String reference, String processInstanceId) {
        Loan loan = loans.get(loanId);
        Borrower borrower = borrowers.find(loan.borrowerId()).orElseThrow();
        Map<String, String> values = parameters.of(event, loan, reference);
        NoticeTemplates.Rendered rendered = templates.render(event, borrower.language(), values);
        Notice notice = new Notice(Ids.newId("NT"), loanId, borrower.id(), event, NoticeStatus.PENDING,
                borrower.language(), rendered.version(), rendered.subject(), rendered.body(), values, reference,
                processInstanceId, 0, false, clock.instant(), null, null, null, null, null);
        notices.insert(notice);
        log.info("Notice {} ({}) raised for loan {}", notice.id(), event, loanId);
        return notice.id();
    }

    /** The status of the loan's latest notice of this event; empty while none was raised. */
    public Optional<NoticeStatus> latestStatus(String loanId, NoticeEvent event) {
        return notices.forLoan(loanId).stream().filter(n -> n.event() == event).findFirst().map(Notice::status);
    }

    /** The borrower's read acknowledgement (已读); a replay changes nothing. */
    public void read(String noticeId, Instant readAt) {
        retry.inTransaction(() -> {
            Notice notice = notices.lock(noticeId).orElseThrow(() -> ApiException.notFound("Notice", noticeId));
            Instant now = clock.instant();
            if (readAt.isAfter(now.plus(CLOCK_SKEW))) {
                throw ApiException.invalid("readAt", "is in the future");
            }
            if (notice.readAt() == null) {
                notices.recordRead(noticeId, readAt.isBefore(notice.createdAt()) ? notice.createdAt() : readAt);
                process.confirmed(notice.processInstanceId());
                log.info("Notice {} read by the borrower", noticeId);
            }
            return null;
        });
    }

    /**
     * New contact details: stored as valid, and every notice of the borrower not yet confirmed starts its delivery
     * again on them (D6). Returns the ids of those notices.
     */
    public List<String> changeContacts(String loanId, ContactDetails details) {
        return retry.inTransaction(() -> {
            Loan loan = loans.lock(loanId).orElseThrow(() -> ApiException.notFound("Loan", loanId));
            updateContacts(loan.borrowerId(), details);
            List<String> resent = new ArrayList<>();
            for (Notice notice : notices.unconfirmedForBorrower(loan.borrowerId())) {
                // Waits for a send of this notice recording its provider's answer, so the new plan sees that answer.
                notices.lock(notice.id());
                process.contactsChanged(notice.processInstanceId());
                resent.add(notice.id());
            }
            log.info("Contacts of loan {} changed; {} unconfirmed notices delivered again", loanId, resent.size());
            return resent;
        });
    }

    /** Contacts a staff member corrected in "Contact borrower"; the process re-plans the delivery itself. */
    public void correctContacts(String noticeId, ContactDetails details) {
        Notice notice = notices.find(noticeId).orElseThrow();
        updateContacts(notice.borrowerId(), details);
    }

    public void resolvedByStaff(String noticeId, String staffMember) {
        notices.recordResolvedByStaff(noticeId, staffMember, clock.instant());
    }

    /** Staff could not reach the borrower; a notice a channel confirmed meanwhile stays confirmed. */
    public void unreachable(String noticeId) {
        Notice notice = notices.lock(noticeId).orElseThrow();
        if (notice.confirmedAt() == null && notice.readAt() == null) {
            notices.setStatus(noticeId, NoticeStatus.FAILED);
        }
    }

    private void updateContacts(String borrowerId, ContactDetails details) {
        Instant now = clock.instant();
        details.byChannel().forEach((channel, address) ->
                borrowers.saveContact(borrowerId, new Contact(channel, address.trim(), ContactStatus.VALID, now)));
    }
}
