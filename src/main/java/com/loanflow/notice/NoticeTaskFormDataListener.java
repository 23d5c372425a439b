package com.loanflow.notice;

import static com.loanflow.process.ExecutionVariables.string;
import static com.loanflow.process.ProcessConstants.VAR_DELIVERY_RESULT;
import static com.loanflow.process.ProcessConstants.VAR_NOTICE_ID;

import com.loanflow.borrower.Borrower;
import com.loanflow.borrower.BorrowerRepository;
import com.loanflow.borrower.Contact;
import java.time.Clock;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * On creation of "Contact borrower", gives the form what staff need to act: the notice text, every attempt with its
 * outcome, and the borrower's contacts in full (staff call them). Task-local, so it goes away with the task.
 */
@Component
class NoticeTaskFormDataListener implements TaskListener {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final NoticeRepository notices;
    private final BorrowerRepository borrowers;
    private final Clock clock;

    NoticeTaskFormDataListener(NoticeRepository notices, BorrowerRepository borrowers, Clock clock) {
        this.notices = notices;
        this.borrowers = borrowers;
        this.clock = clock;
    }

    @Override
    public void notify(DelegateTask task) {
        Notice notice = notices.find(string(task, VAR_NOTICE_ID)).orElseThrow();
        Borrower borrower = borrowers.find(notice.borrowerId()).orElseThrow();
        ZoneId zone = clock.getZone();
        Map<String, Object> data = new HashMap<>();
        data.put("loanId", notice.loanId());
        data.put("borrowerName", borrower.name());
        data.put("event", notice.event().name());
        data.put("escalationReason", "READ_ACK_MISSING".equals(string(task, VAR_DELIVERY_RESULT))
                ? "delivered but not acknowledged as read" : "every channel failed or stayed silent");
        data.put("noticeText", notice.subject() + "\n\n" + notice.body());
        data.put("attemptsSummary", notices.attempts(notice.id()).stream()
                .map(a -> String.format("%s  %-6s %-10s %-18s %s%s", TIME.format(a.createdAt().atZone(zone)),
                        a.channel(), a.provider(), a.status(), a.maskedAddress(),
                        a.failureReason() == null ? "" : "  (" + a.failureReason() + ")"))
                .collect(Collectors.joining("\n")));
        data.put("contactsSummary", borrowers.contacts(borrower.id()).stream()
                .map((Contact c) -> String.format("%-6s %s  %s", c.channel(), c.address(),
                        c.usable() ? "valid" : "INVALID"))
                .collect(Collectors.joining("\n")));
        task.setVariablesLocal(data);
    }
}
