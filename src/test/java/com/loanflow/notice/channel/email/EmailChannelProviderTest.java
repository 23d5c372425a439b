package com.loanflow.notice.channel.email;

import static com.loanflow.notice.channel.email.EmailFixtures.BODY;
import static com.loanflow.notice.channel.email.EmailFixtures.SUBJECT;
import static com.loanflow.notice.channel.email.EmailFixtures.message;
import static com.loanflow.notice.channel.email.EmailFixtures.properties;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.loanflow.borrower.Channel;
import com.loanflow.notice.channel.DeliveryException;
import com.loanflow.notice.channel.SendResult;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/** Against GreenMail, a real SMTP server: what the borrower's mailbox receives. */
class EmailChannelProviderTest {

    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("loanflow", "right-password"));

    private JavaMailSenderImpl sender() {
        return EmailFixtures.sender(greenMail.getSmtp().getBindTo(), greenMail.getSmtp().getPort());
    }

    private EmailChannelProvider provider() {
        return new EmailChannelProvider(properties(), sender());
    }

    @Test
    void givenNoticeInChinese_whenSending_thenMailboxReceivesItFromLoanFlowWithSubjectAndBodyIntact()
            throws Exception {
        provider().send(message("AT-3G7H9K2M4P6R", "zhang.wei@example.cn"));

        MimeMessage received = single();
        InternetAddress from = (InternetAddress) received.getFrom()[0];
        assertThat(from.getAddress()).isEqualTo("notice@loanflow.example");
        assertThat(from.getPersonal()).isEqualTo("LoanFlow 汽车金融");
        assertThat(received.getRecipients(Message.RecipientType.TO))
                .extracting(a -> ((InternetAddress) a).getAddress()).containsExactly("zhang.wei@example.cn");
        assertThat(received.getSubject()).isEqualTo(SUBJECT);
        assertThat(received.getContent()).isInstanceOf(String.class);
        assertThat(((String) received.getContent()).replace("\r\n", "\n")).isEqualTo(BODY);
        assertThat(received.getContentType()).containsIgnoringCase("text/plain").containsIgnoringCase("UTF-8");
        // On the wire the subject is an RFC 2047 encoded word in UTF-8, readable by every mail client.
        assertThat(received.getHeader("Subject")[0]).startsWithIgnoringCase("=?UTF-8?");
        assertThat(received.getHeader("Reply-To")).as("no reply-to configured").isNull();
    }

    @Test
    void givenAttempt_whenSending_thenMessageIdIsTheAttemptAndTheResultNamesIt() throws Exception {
        SendResult result = provider().send(message("AT-3G7H9K2M4P6R", "zhang.wei@example.cn"));

        MimeMessage received = single();
        assertThat(received.getMessageID()).isEqualTo("<AT-3G7H9K2M4P6R@loanflow.example>");
        assertThat(result).isEqualTo(new SendResult("email", "<AT-3G7H9K2M4P6R@loanflow.example>"));
        assertThat(received.getHeader("X-LoanFlow-Attempt")).containsExactly("AT-3G7H9K2M4P6R");
        assertThat(received.getHeader("X-LoanFlow-Notice")).containsExactly("NT-5M2K8Q1W9XZR");
        assertThat(received.getHeader("Auto-Submitted")).containsExactly("auto-generated");
    }

    @Test
    void givenSameAttemptSentAgain_whenSending_thenBothCopiesCarryTheSameMessageId() throws Exception {
        EmailChannelProvider provider = provider();

        provider.send(message("AT-3G7H9K2M4P6R", "zhang.wei@example.cn"));
        provider.send(message("AT-3G7H9K2M4P6R", "zhang.wei@example.cn"));

        assertThat(greenMail.getReceivedMessages()).extracting(MimeMessage::getMessageID)
                .containsExactly("<AT-3G7H9K2M4P6R@loanflow.example>", "<AT-3G7H9K2M4P6R@loanflow.example>");
    }

    @Test
    void givenReplyToConfigured_whenSending_thenRepliesGoThere() throws Exception {
        EmailProperties properties = new EmailProperties(true, "notice@loanflow.example", "LoanFlow 汽车金融",
                "service@loanflow.example", "key-test", "loanflow.example");

        new EmailChannelProvider(properties, sender()).send(message("AT-3G7H9K2M4P6R", "zhang.wei@example.cn"));

        assertThat(single().getReplyTo()).extracting(a -> ((InternetAddress) a).getAddress())
                .containsExactly("service@loanflow.example");
    }

    @Test
    void givenAddressThatIsNoEmailAddress_whenSending_thenPermanentFailureAndNothingSent() {
        DeliveryException failure = catchThrowableOfType(DeliveryException.class,
                () -> provider().send(message("AT-3G7H9K2M4P6R", "zhang.wei at example")));

        assertThat(failure.permanent()).isTrue();
        assertThat(failure.code()).isEqualTo("INVALID_ADDRESS");
        assertThat(failure.getMessage()).doesNotContain("zhang.wei");
        assertThat(greenMail.getReceivedMessages()).isEmpty();
    }

    @Test
    void givenServerRefusesOurPassword_whenSending_thenTemporaryFailureSoTheBorrowersAddressStaysValid() {
        JavaMailSenderImpl sender = sender();
        sender.setUsername("loanflow");
        sender.setPassword("wrong-password");
        sender.getJavaMailProperties().setProperty("mail.smtp.auth", "true");
        EmailChannelProvider provider = new EmailChannelProvider(properties(), sender);

        DeliveryException failure = catchThrowableOfType(DeliveryException.class,
                () -> provider.send(message("AT-3G7H9K2M4P6R", "zhang.wei@example.cn")));

        assertThat(failure.permanent()).isFalse();
        assertThat(failure.code()).isEqualTo("AUTH");
        assertThat(greenMail.getReceivedMessages()).isEmpty();
    }

    @Test
    void givenServerTakesOurPassword_whenSending_thenMessageArrives() {
        JavaMailSenderImpl sender = sender();
        sender.setUsername("loanflow");
        sender.setPassword("right-password");
        sender.getJavaMailProperties().setProperty("mail.smtp.auth", "true");

        new EmailChannelProvider(properties(), sender).send(message("AT-3G7H9K2M4P6R", "zhang.wei@example.cn"));

        assertThat(greenMail.getReceivedMessages()).hasSize(1);
    }

    @Test
    void givenProvider_whenAskedForChannels_thenOnlyEmail() {
        EmailChannelProvider provider = provider();

        assertThat(provider.name()).isEqualTo("email");
        assertThat(Channel.values()).filteredOn(provider::supports).containsExactly(Channel.EMAIL);
    }

    @Test
    void givenSenderWithoutReadTimeout_whenCreatingProvider_thenItRefusesToStart() {
        JavaMailSenderImpl sender = sender();
        sender.getJavaMailProperties().remove("mail.smtp.timeout");

        assertThatIllegalStateException().isThrownBy(() -> new EmailChannelProvider(properties(), sender))
                .withMessageContaining("spring.mail.properties.mail.smtp.timeout");
    }

    @Test
    void givenNoSenderAddress_whenCreatingProvider_thenItRefusesToStart() {
        EmailProperties properties = new EmailProperties(true, " ", "LoanFlow", null, "key", "loanflow.example");

        assertThatIllegalStateException().isThrownBy(() -> new EmailChannelProvider(properties, sender()))
                .withMessageContaining("loanflow.notice.email.from");
    }

    private static MimeMessage single() throws Exception {
        MimeMessage[] received = greenMail.getReceivedMessages();
        assertThat(received).hasSize(1);
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        received[0].writeTo(raw);
        assertThat(raw.toString(StandardCharsets.US_ASCII)).as("only 7-bit on the wire").isASCII();
        return received[0];
    }
}
