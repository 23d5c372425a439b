package com.loanflow.notice.channel.sms;

import static org.assertj.core.api.Assertions.assertThat;

import com.loanflow.notice.NoticeSettings;
import com.loanflow.notice.channel.ChannelProvider;
import com.loanflow.notice.channel.ReceiptWebhook;
import com.loanflow.notice.channel.aliyun.AliyunSmsGateway;
import com.loanflow.notice.channel.aliyun.AliyunSmsProperties;
import com.loanflow.notice.channel.twilio.TwilioProperties;
import com.loanflow.notice.channel.twilio.TwilioSmsGateway;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;

/**
 * Which SMS beans exist for which settings, on a bare application context with the channel packages scanned: the
 * operator's view of the {@code loanflow.notice.sms|twilio|aliyun-sms} properties.
 */
class SmsChannelWiringTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties({NoticeSettings.class, SmsProperties.class, TwilioProperties.class,
            AliyunSmsProperties.class})
    @ComponentScan(basePackageClasses = {SmsChannelProvider.class, TwilioSmsGateway.class, AliyunSmsGateway.class})
    static class SmsChannels {
    }

    static final String[] TWILIO = {"loanflow.notice.twilio.enabled=true", "loanflow.notice.twilio.account-sid=AC1",
            "loanflow.notice.twilio.auth-token=token", "loanflow.notice.twilio.from=+15005550006"};
    static final String[] ALIYUN = {"loanflow.notice.aliyun-sms.enabled=true",
            "loanflow.notice.aliyun-sms.access-key-id=id", "loanflow.notice.aliyun-sms.access-key-secret=secret",
            "loanflow.notice.aliyun-sms.sign-name=车贷通", "loanflow.notice.aliyun-sms.callback-token=t0ken"};

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withBean(Clock.class, Clock::systemUTC)
            .withUserConfiguration(SmsChannels.class);

    @Test
    void givenNoGatewayEnabled_whenStarted_thenThereIsNoSmsChannelAndNothingNeedsConfiguring() {
        context.run(started -> {
            assertThat(started).hasNotFailed();
            assertThat(started).doesNotHaveBean(ChannelProvider.class);
            assertThat(started).doesNotHaveBean(SmsGateway.class);
            assertThat(started).doesNotHaveBean(ReceiptWebhook.class);
        });
    }

    @Test
    void givenOnlyTwilioEnabled_whenStarted_thenTwilioSendsAloneWithItsWebhook() {
        context.withPropertyValues(TWILIO).run(started -> {
            SmsChannelProvider sms = started.getBean(SmsChannelProvider.class);
            assertThat(sms.primaryGateway()).isEqualTo("twilio");
            assertThat(sms.backupGateway()).isNull();
            assertThat(started.getBeansOfType(ReceiptWebhook.class).values())
                    .extracting(ReceiptWebhook::provider).containsExactly("twilio");
        });
    }

    @Test
    void givenBothEnabled_whenStarted_thenAliyunIsPrimaryAndTwilioBackupWithTheDefaultBreaker() {
        context.withPropertyValues(TWILIO).withPropertyValues(ALIYUN).run(started -> {
            SmsChannelProvider sms = started.getBean(SmsChannelProvider.class);
            assertThat(sms.primaryGateway()).isEqualTo("aliyun-sms");
            assertThat(sms.backupGateway()).isEqualTo("twilio");
            assertThat(sms.primaryCircuitState()).isEqualTo(CircuitBreaker.State.CLOSED);
            var breaker = sms.primaryCircuitBreaker().getCircuitBreakerConfig();
            assertThat(breaker.getFailureRateThreshold()).isEqualTo(50f);
            assertThat(breaker.getSlidingWindowSize()).isEqualTo(10);
            assertThat(breaker.getMinimumNumberOfCalls()).isEqualTo(4);
            assertThat(breaker.getPermittedNumberOfCallsInHalfOpenState()).isEqualTo(2);
            assertThat(breaker.getSlowCallDurationThreshold()).isEqualTo(Duration.ofSeconds(4));
            assertThat(breaker.getWaitIntervalFunctionInOpenState().apply(1)).isEqualTo(30_000L);
            assertThat(started.getBeansOfType(ReceiptWebhook.class).values())
                    .extracting(ReceiptWebhook::provider).containsExactlyInAnyOrder("twilio", "aliyun-sms");
        });
    }

    @Test
    void givenAliyunEnabledWithoutItsSecret_whenStarted_thenStartupFailsNamingTheProperty() {
        context.withPropertyValues("loanflow.notice.aliyun-sms.enabled=true",
                "loanflow.notice.aliyun-sms.access-key-id=id", "loanflow.notice.aliyun-sms.sign-name=车贷通",
                "loanflow.notice.aliyun-sms.callback-token=t0ken").run(started -> {
            assertThat(started).hasFailed();
            assertThat(started.getStartupFailure()).rootCause()
                    .hasMessageContaining("loanflow.notice.aliyun-sms.access-key-secret");
        });
    }
}
