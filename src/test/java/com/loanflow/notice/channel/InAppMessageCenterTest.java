package com.loanflow.notice.channel;

import static org.assertj.core.api.Assertions.assertThat;

import com.loanflow.borrower.Channel;
import org.junit.jupiter.api.Test;

class InAppMessageCenterTest {

    private final InAppMessageCenter center = new InAppMessageCenter();

    @Test
    void givenTwoAttemptsOfOneNotice_whenPosted_thenEachHasItsOwnMessageId() {
        String first = center.send(message("AT-FIRST")).providerMessageId();
        String second = center.send(message("AT-SECOND")).providerMessageId();

        // Receipts and early-receipt matching find an attempt by (provider, message id): it must name one attempt.
        assertThat(first).isEqualTo("AT-FIRST");
        assertThat(second).isEqualTo("AT-SECOND");
    }

    private static OutboundMessage message(String attemptId) {
        return new OutboundMessage(attemptId, "NT-ONE-NOTICE", "LN-1", "LOAN_DISBURSED", Channel.IN_APP, "BR-1", "zh-CN",
                new ChannelContent("放款通知", "您的贷款已放款。", null, null));
    }
}
