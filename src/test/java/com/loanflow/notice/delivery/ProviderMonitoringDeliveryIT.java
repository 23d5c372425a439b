package com.loanflow.notice.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.loanflow.notice.delivery.DeliveryServers.ALIYUN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.loanflow.notice.channel.sms.SmsChannelProvider;
import com.loanflow.support.ApiClient;
import com.loanflow.support.MonitoringFiles;
import com.loanflow.support.PrometheusScrape;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Monitoring with the real providers: Prometheus counts an attempt's outcome once however often its receipt comes,
 * counts SMS failovers, and sees every metric the alert rules and the dashboard query; the provider health group
 * shows the SMS primary's open circuit breaker without taking the node out of service.
 */
class ProviderMonitoringDeliveryIT extends DeliveryIntegrationTest {

    private static final String ATTEMPTS = "loanflow_notice_attempts_total";


    @Autowired
    private SmsChannelProvider smsChannel;

    @Test
    void givenAnEmailReceiptRepeatedAndRestated_whenScraped_thenTheDeliveryCountsOnce() {
        TestLoan loan = applyFor(newBorrower(false), List.of("EMAIL"));
        String noticeId = awaitNotice(loan.loanId(), APPLICATION_RECEIVED);
        String attemptId = awaitAttempt(noticeId, "EMAIL", "SENT").get("attemptId").asText();
        awaitEngineIdle();
        PrometheusScrape before = scrape();

        String messageId = attemptId + "@" + MESSAGE_ID_DOMAIN;
        String delivered = mailgunEvent(EMAIL_SIGNING_KEY, engineNow(), "delivered", messageId, "mg-1-" + attemptId);
        assertThat(postMailgun(delivered).status()).isEqualTo(204);
        awaitNoticeStatus(noticeId, "DELIVERED");
        assertThat(postMailgun(delivered).status()).as("the same event again").isEqualTo(204);
        assertThat(postMailgun(mailgunEvent(EMAIL_SIGNING_KEY, engineNow(), "delivered", messageId,
                "mg-2-" + attemptId)).status()).as("another event saying the same").isEqualTo(204);
        awaitEngineIdle();

        PrometheusScrape after = scrape();
        Map<String, String> email = Map.of("event", APPLICATION_RECEIVED, "channel", "EMAIL", "provider", "email");
        assertThat(receiptRows(attemptId)).as("both events are kept as proof").isEqualTo(2);
        assertThat(after.increaseSince(before, ATTEMPTS, with(email, "delivered"))).isEqualTo(1);
        assertThat(after.increaseSince(before, ATTEMPTS, with(email, "sent"))).isZero();
    }

    @Test
    void givenAliyunDown_whenAnSmsGoesOut_thenTheFailoverIsCountedAndTwilioNamedAsTheProviderThatSentIt() {
        PrometheusScrape before = scrape();
        ALIYUN.stubFor(post(urlEqualTo("/")).atPriority(1).willReturn(aResponse().withStatus(500)));

        TestLoan loan = applyFor(newBorrower(false), List.of("SMS"));
        String noticeId = awaitNotice(loan.loanId(), APPLICATION_RECEIVED);
        awaitAttempt(noticeId, "SMS", "SENT");
        awaitEngineIdle();

        PrometheusScrape after = scrape();
        Map<String, String> gateways = Map.of("channel", "SMS", "primary", "aliyun-sms", "backup", "twilio");
        // Every SMS of this loan (the approval too) failed over; at least the received notice's.
        assertThat(after.increaseSince(before, "loanflow_notice_failover_total", gateways)).isGreaterThanOrEqualTo(1);
        assertThat(after.increaseSince(before, ATTEMPTS, Map.of("event", APPLICATION_RECEIVED, "channel", "SMS",
                "provider", "twilio", "outcome", "sent"))).isEqualTo(1);
        assertThat(after.increaseSince(before, ATTEMPTS, Map.of("event", APPLICATION_RECEIVED, "channel", "SMS",
                "provider", "aliyun-sms"))).isZero();
    }

    @Test
    void givenTheSmsPrimarysBreakerOpen_whenHealthIsAsked_thenTheProvidersGroupSays503AndTheNodeStaysUp() {
        smsChannel.primaryCircuitBreaker().transitionToOpenState();

        ApiClient.Response providers = api.get("/actuator/health/providers", ADMIN, ADMIN_PASSWORD);

        assertThat(providers.status()).as(providers.text()).isEqualTo(503);
        JsonNode sms = providers.json().path("components").path("noticeProviders").path("components").path("sms");
        assertThat(sms.path("components").path("aliyun-sms").path("status").asText()).isEqualTo("UNAVAILABLE");
        assertThat(sms.path("components").path("aliyun-sms").path("details").path("circuitBreaker").asText())
                .isEqualTo("OPEN");
        assertThat(sms.path("components").path("twilio").path("details").path("role").asText()).isEqualTo("backup");
        ApiClient.Response node = api.get("/actuator/health", ADMIN, ADMIN_PASSWORD);
        assertThat(node.status()).as(node.text()).isEqualTo(200);
        assertThat(node.json().get("status").asText()).isEqualTo("UP");
        assertThat(api.get("/actuator/health/readiness", null, null).status()).isEqualTo(200);
        assertThat(scrape().find("loanflow_notice_sms_circuit_open", Map.of("gateway", "aliyun-sms")))
                .singleElement().satisfies(open -> assertThat(open.value()).isEqualTo(1));
    }

    @Test
    void givenTheAlertRulesAndTheDashboard_whenComparedWithAScrape_thenEveryMetricTheyQueryIsExported() {
        TestLoan loan = applyFor(newBorrower(false), List.of("SMS"));
        awaitAttempt(awaitNotice(loan.loanId(), APPLICATION_RECEIVED), "SMS", "SENT");
        scrape();

        Set<String> exported = scrape().names();

        Set<String> missing = new TreeSet<>(MonitoringFiles.metricsUsed());
        missing.removeAll(exported);
        assertThat(missing).as("queried by alerts.yml or loanflow.json, not exported")
                .isEmpty();
    }

    private static Map<String, String> with(Map<String, String> labels, String outcome) {
        Map<String, String> matching = new HashMap<>(labels);
        matching.put("outcome", outcome);
        return matching;
    }
}
