package com.loanflow.monitoring;

import com.loanflow.notice.channel.ChannelProvider;
import com.loanflow.notice.channel.ChannelProviders;
import com.loanflow.notice.channel.DeliveryException;
import com.loanflow.notice.channel.sms.SmsChannelProvider;
import com.loanflow.notice.channel.wechat.WechatAccessTokens;
import com.loanflow.sandbox.SandboxSettings;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import jakarta.mail.MessagingException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * One health indicator per configured channel provider, under {@code /actuator/health/noticeProviders/<name>} and
 * in the {@code providers} group ({@code /actuator/health/providers}). None calls a paid API:
 *
 * <ul>
 *   <li>{@code sms}: the primary gateway by its circuit breaker (open: unavailable; half-open: unknown), the backup
 *       by its answers during failovers;</li>
 *   <li>{@code email}: an SMTP connect and login, at most every {@code loanflow.monitoring.provider-check-every};</li>
 *   <li>{@code wechat}: whether an access token is obtainable (the cached one, or a fetch at most that often);</li>
 *   <li>{@code jpush} and any other provider: its answers to this node's recent sends;</li>
 *   <li>{@code sandbox} and {@code in-app}: always up.</li>
 * </ul>
 *
 * <p>Every provider's recent answers can overrule its check: three temporary failures in a row make it
 * unavailable. Spring Boot's own {@code mail} indicator, which connects on every probe and would take
 * {@code /actuator/health} down with the SMTP server, is switched off in {@code application.yaml}.
 */
@Configuration(proxyBeanMethods = false)
class ProviderHealthConfiguration {

    /** Health is about when a provider last answered in real time, whatever the engine clock says. */
    private static final Clock WALL_CLOCK = Clock.systemUTC();

    @Bean
    HealthContributor noticeProvidersHealthContributor(List<ChannelProvider> providers, ProviderActivities activities,
            ObjectProvider<JavaMailSender> mail, ObjectProvider<WechatAccessTokens> wechat,
            SandboxSettings sandbox, MonitoringSettings settings) {
        Map<String, HealthContributor> contributors = new LinkedHashMap<>();
        for (ChannelProvider provider : providers) {
            String name = provider.name();
            contributors.put(name, switch (name) {
                case SmsChannelProvider.NAME -> sms((SmsChannelProvider) provider, activities);
                case "email" -> checked(email(mail.getIfAvailable()), name, activities, settings);
                case "wechat" -> checked(wechat(wechat.getIfAvailable()), name, activities, settings);
                case ChannelProviders.SANDBOX -> (HealthIndicator) () -> Health.up()
                        .withDetail("receiptDelay", sandbox.receiptDelay().toString())
                        .withDetail("temporaryFailureRate", sandbox.temporaryFailureRate())
                        .withDetail("permanentFailureRate", sandbox.permanentFailureRate())
                        .build();
                case "in-app" -> (HealthIndicator) () -> Health.up().build();
                default -> (HealthIndicator) () -> ProviderHealth.fromActivity(activities.of(name));
            });
        }
        return CompositeHealthContributor.fromMap(contributors);
    }

    private static HealthContributor sms(SmsChannelProvider sms, ProviderActivities activities) {
        Map<String, HealthIndicator> gateways = new LinkedHashMap<>();
        gateways.put(sms.primaryGateway(), () -> primary(sms, activities));
        if (sms.backupGateway() != null) {
            gateways.put(sms.backupGateway(), () -> {
                Health backup = ProviderHealth.fromActivity(sms.backupActivity());
                return Health.status(backup.getStatus()).withDetail("role", "backup")
                        .withDetails(backup.getDetails()).build();
            });
        }
        return CompositeHealthContributor.fromMap(gateways);
    }

    private static Health primary(SmsChannelProvider sms, ProviderActivities activities) {
        CircuitBreaker breaker = sms.primaryCircuitBreaker();
        CircuitBreaker.State state = breaker.getState();
        Health.Builder health = switch (state) {
            case OPEN, FORCED_OPEN -> Health.status(ProviderHealth.UNAVAILABLE);
            case HALF_OPEN -> Health.unknown();
            default -> Health.up();
        };
        CircuitBreaker.Metrics metrics = breaker.getMetrics();
        health.withDetail("role", "primary")
                .withDetail("circuitBreaker", state.name())
                .withDetail("bufferedCalls", metrics.getNumberOfBufferedCalls())
                .withDetail("failedCalls", metrics.getNumberOfFailedCalls())
                .withDetail("notPermittedCalls", metrics.getNumberOfNotPermittedCalls());
        // Its sends that succeeded are recorded under the gateway's name; its failures are the breaker's business.
        Instant lastSuccess = activities.of(sms.primaryGateway()).lastSuccessAt();
        if (lastSuccess != null) {
            health.withDetail("lastSuccessAt", lastSuccess.toString());
        }
        return health.build();
    }

    private static HealthIndicator checked(Supplier<Health> check, String name, ProviderActivities activities,
                                           MonitoringSettings settings) {
        CachedCheck cached = new CachedCheck(check, settings.providerCheckEvery(), WALL_CLOCK);
        return () -> ProviderHealth.combine(cached.health(), activities.of(name));
    }

    private static Supplier<Health> email(JavaMailSender sender) {
        if (!(sender instanceof JavaMailSenderImpl smtp)) {
            return () -> Health.unknown().withDetail("check", "not an SMTP sender").build();
        }
        return () -> {
            try {
                // Bounded by spring.mail.properties.mail.smtp.connectiontimeout and .timeout, which the e-mail
                // provider requires.
                smtp.testConnection();
                return Health.up().withDetail("server", smtp.getHost() + ":" + smtp.getPort()).build();
            } catch (MessagingException e) {
                return Health.status(ProviderHealth.UNAVAILABLE)
                        .withDetail("server", smtp.getHost() + ":" + smtp.getPort())
                        .withDetail("error", e.toString())
                        .build();
            }
        };
    }

    private static Supplier<Health> wechat(WechatAccessTokens tokens) {
        if (tokens == null) {
            return () -> Health.unknown().build();
        }
        return () -> {
            try {
                tokens.token();
                return Health.up().withDetail("accessToken", "obtainable").build();
            } catch (DeliveryException e) {
                return Health.status(ProviderHealth.UNAVAILABLE)
                        .withDetail("accessToken", "not obtainable")
                        .withDetail("error", e.code() + ": " + e.getMessage())
                        .build();
            }
        };
    }
}
