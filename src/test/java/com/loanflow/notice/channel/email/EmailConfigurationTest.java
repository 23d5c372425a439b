package com.loanflow.notice.channel.email;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.loanflow.borrower.Channel;
import com.loanflow.notice.channel.ChannelProvider;
import com.loanflow.notice.channel.OutboundMessage;
import com.loanflow.notice.channel.ReceiptWebhook;
import com.loanflow.notice.channel.SendResult;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.mail.MailSenderAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** The e-mail channel as an operator configures it: {@code loanflow.notice.email.*} and {@code spring.mail.*}. */
class EmailConfigurationTest {

    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(EmailProperties.class)
    @Import({EmailChannelProvider.class, EmailEventWebhook.class})
    static class EmailChannel {
    }

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(MailSenderAutoConfiguration.class))
                .withUserConfiguration(EmailChannel.class)
                .withBean(Clock.class, Clock::systemUTC)
                .withPropertyValues(
                        "spring.mail.host=" + greenMail.getSmtp().getBindTo(),
                        "spring.mail.port=" + greenMail.getSmtp().getPort(),
                        "spring.mail.properties.mail.smtp.connectiontimeout=5000",
                        "spring.mail.properties.mail.smtp.timeout=10000",
                        "spring.mail.properties.mail.smtp.writetimeout=10000");
    }

    @Test
    void givenEmailNotEnabled_whenStarting_thenNoEmailProviderAndNoWebhook() {
        runner().run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(ChannelProvider.class);
            assertThat(context).doesNotHaveBean(ReceiptWebhook.class);
        });
    }

    @Test
    void givenEmailEnabled_whenSendingThroughTheConfiguredServer_thenDefaultsApply() {
        runner().withPropertyValues(
                        "loanflow.notice.email.enabled=true",
                        "loanflow.notice.email.from=notice@loanflow.example",
                        "loanflow.notice.email.webhook-signing-key=key-test")
                .run(context -> {
                    assertThat(context.getBean(EmailProperties.class).messageIdDomain()).isEqualTo("loanflow.notice");
                    assertThat(context).hasSingleBean(EmailEventWebhook.class);

                    context.getBean(ChannelProvider.class)
                            .send(EmailFixtures.message("AT-3G7H9K2M4P6R", "zhang.wei@example.cn"));

                    MimeMessage received = greenMail.getReceivedMessages()[0];
                    assertThat(((InternetAddress) received.getFrom()[0]).getPersonal()).isEqualTo("LoanFlow 汽车金融");
                    assertThat(received.getMessageID()).isEqualTo("<AT-3G7H9K2M4P6R@loanflow.notice>");
                });
    }

    @Test
    void givenAllEmailPropertiesSet_whenSending_thenEachIsUsed() {
        runner().withPropertyValues(
                        "loanflow.notice.email.enabled=true",
                        "loanflow.notice.email.from=notice@loanflow.example",
                        "loanflow.notice.email.from-name=LoanFlow 客服",
                        "loanflow.notice.email.reply-to=service@loanflow.example",
                        "loanflow.notice.email.webhook-signing-key=key-test",
                        "loanflow.notice.email.message-id-domain=mail.loanflow.example")
                .run(context -> {
                    context.getBean(ChannelProvider.class)
                            .send(EmailFixtures.message("AT-3G7H9K2M4P6R", "zhang.wei@example.cn"));

                    MimeMessage received = greenMail.getReceivedMessages()[0];
                    assertThat(((InternetAddress) received.getFrom()[0]).getPersonal()).isEqualTo("LoanFlow 客服");
                    assertThat(((InternetAddress) received.getReplyTo()[0]).getAddress())
                            .isEqualTo("service@loanflow.example");
                    assertThat(received.getMessageID()).isEqualTo("<AT-3G7H9K2M4P6R@mail.loanflow.example>");
                });
    }

    @Test
    void givenSandboxProvidersAlsoActive_whenPickingTheFirstProviderForEmail_thenTheEmailProvider() {
        runner().withPropertyValues(
                        "loanflow.notice.email.enabled=true",
                        "loanflow.notice.email.from=notice@loanflow.example")
                .withBean("sandbox", ChannelProvider.class, EveryChannel::new)
                .run(context -> assertThat(context.getBeanProvider(ChannelProvider.class).orderedStream()
                        .filter(provider -> provider.supports(Channel.EMAIL)).findFirst())
                        .get().extracting(ChannelProvider::name).isEqualTo("email"));
    }

    @Test
    void givenEmailEnabledWithoutSenderAddress_whenStarting_thenStartupFailsNamingTheProperty() {
        runner().withPropertyValues("loanflow.notice.email.enabled=true")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("loanflow.notice.email.from"));
    }

    @Test
    void givenEmailEnabledWithoutSmtpTimeouts_whenStarting_thenStartupFailsNamingTheProperty() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(MailSenderAutoConfiguration.class))
                .withUserConfiguration(EmailChannel.class)
                .withBean(Clock.class, Clock::systemUTC)
                .withPropertyValues("spring.mail.host=smtp.loanflow.example",
                        "loanflow.notice.email.enabled=true", "loanflow.notice.email.from=notice@loanflow.example")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("spring.mail.properties.mail.smtp.connectiontimeout"));
    }

    /** Stands in for the sandbox, which takes every channel and has no order. */
    private static final class EveryChannel implements ChannelProvider {

        @Override
        public String name() {
            return "sandbox";
        }

        @Override
        public boolean supports(Channel channel) {
            return true;
        }

        @Override
        public SendResult send(OutboundMessage message) {
            throw new UnsupportedOperationException();
        }
    }
}
