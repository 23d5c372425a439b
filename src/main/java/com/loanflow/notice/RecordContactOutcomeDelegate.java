package com.loanflow.notice;

import static com.loanflow.process.ExecutionVariables.string;
import static com.loanflow.process.ProcessConstants.VAR_CONTACT_OUTCOME;
import static com.loanflow.process.ProcessConstants.VAR_NOTICE_ID;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.stereotype.Component;

/**
 * Service task "Record contact outcome": what the staff member entered in "Contact borrower" — reached by phone,
 * corrected contact details (stored, then the delivery starts again on them) or unreachable.
 */
@Component
class RecordContactOutcomeDelegate implements JavaDelegate {

    private final NoticeService notices;
    private final IdentityService identity;

    RecordContactOutcomeDelegate(NoticeService notices, IdentityService identity) {
        this.notices = notices;
        this.identity = identity;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String noticeId = string(execution, VAR_NOTICE_ID);
        switch (string(execution, VAR_CONTACT_OUTCOME)) {
            case "REACHED_BY_PHONE" -> notices.resolvedByStaff(noticeId, staffMember());
            case "CONTACTS_CORRECTED" -> notices.correctContacts(noticeId, new NoticeService.ContactDetails(
                    blankToNull(string(execution, "correctedPhone")), blankToNull(string(execution, "correctedEmail")),
                    blankToNull(string(execution, "correctedWechatOpenId")),
                    blankToNull(string(execution, "correctedPushToken"))));
            case "UNREACHABLE" -> notices.unreachable(noticeId);
            default -> throw new IllegalStateException("Unknown contact outcome " + execution.getVariable(VAR_CONTACT_OUTCOME));
        }
    }

    private String staffMember() {
        Authentication current = identity.getCurrentAuthentication();
        return current == null ? null : current.getUserId();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
