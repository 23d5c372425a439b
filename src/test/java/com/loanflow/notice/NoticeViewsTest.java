package com.loanflow.notice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.loanflow.borrower.Channel;
import com.loanflow.loan.LoanRepository;
import com.loanflow.notice.channel.ReceiptOutcome;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The notice view is what integrators, staff and the borrower's app see: no address in it goes unmasked. */
class NoticeViewsTest {

    private static final Instant AT = Instant.parse("2025-03-01T08:00:00Z");
    private static final String EMAIL = "zhang.wei@example.com";

    private final NoticeRepository notices = mock(NoticeRepository.class);
    private final NoticeViews views = new NoticeViews(notices, mock(LoanRepository.class));

    @Test
    void givenProviderTextsQuotingTheAddress_whenViewingTheNotice_thenTheAddressIsMaskedEverywhere() {
        Notice notice = new Notice("NT-1", "LN-1", "BR-1", NoticeEvent.LOAN_SETTLED, NoticeStatus.SENT, "zh-CN", 1,
                "结清通知", "您的贷款已结清", Map.of(), null, "PI-1", 1, true, AT, null, null, null, null, null);
        Attempt attempt = new Attempt("AT-1", "NT-1", 1, 1, 1, Channel.EMAIL, "email", EMAIL, "z***@example.com",
                AttemptStatus.PERMANENT_FAILURE, "结清通知", "您的贷款已结清", null, "hash", "MSG-1", AT, AT, AT, null,
                "550 5.1.1: The mail server refused the recipient: <Zhang.Wei@example.com> unknown");
        Receipt bounce = new Receipt("RC-1", "AT-1", "email", "MSG-1", ReceiptOutcome.PERMANENT_FAILURE,
                "bounced: 550 5.1.1 " + EMAIL + " does not exist", AT, AT, "mg-1");
        when(notices.find("NT-1")).thenReturn(Optional.of(notice));
        when(notices.attempts("NT-1")).thenReturn(List.of(attempt));
        when(notices.receipts("AT-1")).thenReturn(List.of(bounce));

        NoticeViews.AttemptView shown = views.notice("NT-1").attempts().get(0);

        assertThat(shown.address()).isEqualTo("z***@example.com");
        assertThat(shown.failureReason()).isEqualTo(
                "550 5.1.1: The mail server refused the recipient: <z***@example.com> unknown");
        assertThat(shown.receipts().get(0).detail()).isEqualTo("bounced: 550 5.1.1 z***@example.com does not exist");
        assertThat(shown.toString()).doesNotContainIgnoringCase(EMAIL);
    }
}
