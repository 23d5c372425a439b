package com.loanflow.notice.channel.jpush;

import static org.assertj.core.api.Assertions.assertThat;

import com.loanflow.borrower.Channel;
import com.loanflow.notice.channel.ChannelProvider;
import com.loanflow.notice.channel.OutboundMessage;
import com.loanflow.notice.channel.SendResult;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.web.client.RestClient;

/** The JPush channel as an operator configures it: {@code loanflow.notice.jpush.*}. */
class JPushConfigurationTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(JPushProperties.class)
    @Import(JPushChannelProvider.class)
    static class JPushChannel {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(JPushChannel.class)
            .withBean(RestClient.Builder.class, RestClient::builder);

    @Test
    void givenJPushNotEnabled_whenStarting_thenNoPushProvider() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(ChannelProvider.class);
        });
    }

    @Test
    void givenOnlyKeys_whenStarting_thenDefaultsApply() {
        runner.withPropertyValues("loanflow.notice.jpush.enabled=true",
                        "loanflow.notice.jpush.app-key=25b4b1c1a2f9e2d7c3b8a6f1",
                        "loanflow.notice.jpush.master-secret=9c8b7a6f5e4d3c2b1a0f9e8d")
                .run(context -> {
                    assertThat(context).hasSingleBean(JPushChannelProvider.class);
                    JPushProperties properties = context.getBean(JPushProperties.class);
                    assertThat(properties.baseUrl()).isEqualTo("https://api.jpush.cn");
                    assertThat(properties.apnsProduction()).isTrue();
                    assertThat(properties.timeToLive()).isEqualTo(Duration.ofDays(1));
                    assertThat(properties.timeouts().connect()).isEqualTo(Duration.ofSeconds(5));
                    assertThat(properties.timeouts().read()).isEqualTo(Duration.ofSeconds(10));
                });
    }

    @Test
    void givenEverySetting_whenStarting_thenEachIsBound() {
        runner.withPropertyValues("loanflow.notice.jpush.enabled=true",
                        "loanflow.notice.jpush.app-key=25b4b1c1a2f9e2d7c3b8a6f1",
                        "loanflow.notice.jpush.master-secret=9c8b7a6f5e4d3c2b1a0f9e8d",
                        "loanflow.notice.jpush.base-url=https://jpush-proxy.loanflow.example",
                        "loanflow.notice.jpush.apns-production=false",
                        "loanflow.notice.jpush.time-to-live=3d",
                        "loanflow.notice.jpush.timeouts.connect=2s",
                        "loanflow.notice.jpush.timeouts.read=15s")
                .run(context -> assertThat(context.getBean(JPushProperties.class)).isEqualTo(new JPushProperties(
                        true, "25b4b1c1a2f9e2d7c3b8a6f1", "9c8b7a6f5e4d3c2b1a0f9e8d",
                        "https://jpush-proxy.loanflow.example", false, Duration.ofDays(3),
                        new JPushProperties.Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(15)))));
    }

    @Test
    void givenSandboxProvidersAlsoActive_whenPickingTheFirstProviderForPush_thenJPush() {
        runner.withPropertyValues("loanflow.notice.jpush.enabled=true",
                        "loanflow.notice.jpush.app-key=25b4b1c1a2f9e2d7c3b8a6f1",
                        "loanflow.notice.jpush.master-secret=9c8b7a6f5e4d3c2b1a0f9e8d")
                .withBean("sandbox", ChannelProvider.class, () -> new ChannelProvider() {
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
                })
                .run(context -> assertThat(context.getBeanProvider(ChannelProvider.class).orderedStream()
                        .filter(provider -> provider.supports(Channel.PUSH)).findFirst())
                        .get().extracting(ChannelProvider::name).isEqualTo("jpush"));
    }

    @Test
    void givenJPushEnabledWithoutKeys_whenStarting_thenStartupFailsNamingTheProperty() {
        runner.withPropertyValues("loanflow.notice.jpush.enabled=true")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("loanflow.notice.jpush.app-key"));
    }
}
