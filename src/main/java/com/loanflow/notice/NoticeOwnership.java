package com.loanflow.notice;

import com.loanflow.web.NoticeLoans;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Tells the security rules which loan a notice is about, so a borrower's token opens only their own notices. */
@Component
class NoticeOwnership implements NoticeLoans {

    private final NoticeRepository notices;

    NoticeOwnership(NoticeRepository notices) {
        this.notices = notices;
    }

    @Override
    public Optional<String> loanOf(String noticeId) {
        return notices.loanOf(noticeId);
    }
}
