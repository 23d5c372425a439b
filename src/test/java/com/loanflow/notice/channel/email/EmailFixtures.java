package com.loanflow.notice.channel.email;

import com.loanflow.borrower.Channel;
import com.loanflow.notice.channel.ChannelContent;
import com.loanflow.notice.channel.OutboundMessage;
import java.util.Properties;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/** Senders and messages shared by the e-mail tests. */
final class EmailFixtures {

    static final String SUBJECT = "您的车贷已结清";
    static final String BODY = "尊敬的张伟：您的贷款 LN-7K3Q9X2M4TBW 已于 2026-03-15 全部结清（本金、利息、费用均为 0）。\n"
            + "结清证明可在 App 中下载。";

    private EmailFixtures() {
    }

    static EmailProperties properties() {
        return new EmailProperties(true, "notice@loanflow.example", "LoanFlow 汽车金融", null, "key-test",
                "loanflow.example");
    }

    /** A sender with short timeouts, as production must have them too. */
    static JavaMailSenderImpl sender(String host, int port) {
        JavaMailSenderImpl sender = new JavaMailSenderImpl();
        sender.setHost(host);
        sender.setPort(port);
        Properties properties = new Properties();
        properties.setProperty("mail.smtp.connectiontimeout", "2000");
        properties.setProperty("mail.smtp.timeout", "1000");
        properties.setProperty("mail.smtp.writetimeout", "1000");
        sender.setJavaMailProperties(properties);
        return sender;
    }

    static OutboundMessage message(String attemptId, String address) {
        return new OutboundMessage(attemptId, "NT-5M2K8Q1W9XZR", "LN-7K3Q9X2M4TBW", "LOAN_SETTLED", Channel.EMAIL,
                address, "zh-CN", ChannelContent.text(SUBJECT, BODY));
    }
}
