package com.loanflow.notice;

import com.loanflow.borrower.E164Phone;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
class NoticeController {

    private final NoticeViews views;
    private final NoticeService notices;

    NoticeController(NoticeViews views, NoticeService notices) {
        this.views = views;
        this.notices = notices;
    }

    record ReadAcknowledgement(@NotNull OffsetDateTime readAt) {
    }

    record ContactsUpdate(
            @E164Phone String phone,
            @Email(regexp = ".+@.+\\..+", message = "must be an e-mail address") @Size(max = 254) String email,
            @Size(max = 64) @Pattern(regexp = "[A-Za-z0-9_-]+", message = "must be a WeChat open id") String wechatOpenId,
            @Size(max = 256) String pushToken) {

        @AssertTrue(message = "give at least one of phone, email, wechatOpenId, pushToken")
        public boolean isAnyGiven() {
            return phone != null || email != null || wechatOpenId != null || pushToken != null;
        }
    }

    record ContactsChanged(String loanId, List<String> resentNotices) {
    }

    @GetMapping("/api/loans/{loanId}/notices")
    List<NoticeViews.NoticeView> forLoan(@PathVariable String loanId) {
        return views.forLoan(loanId);
    }

    @GetMapping("/api/notices/{noticeId}")
    NoticeViews.NoticeView notice(@PathVariable String noticeId) {
        return views.notice(noticeId);
    }

    /** The borrower's read acknowledgement (已读); sending it again changes nothing. */
    @PostMapping("/api/notices/{noticeId}/read")
    NoticeViews.NoticeView read(@PathVariable String noticeId, @Valid @RequestBody ReadAcknowledgement body) {
        notices.read(noticeId, body.readAt().toInstant());
        return views.notice(noticeId);
    }

    @PutMapping("/api/loans/{loanId}/contacts")
    ContactsChanged contacts(@PathVariable String loanId, @Valid @RequestBody ContactsUpdate body) {
        List<String> resent = notices.changeContacts(loanId,
                new NoticeService.ContactDetails(body.phone(), body.email(), body.wechatOpenId(), body.pushToken()));
        return new ContactsChanged(loanId, resent);
    }
}
