package com.loanflow.monitoring;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How fresh monitoring data is ({@code loanflow.monitoring.*}). Both bound the work a scrape or a health probe
 * causes: however often Prometheus or a load balancer asks, the database and the providers are asked at most this
 * often.
 *
 * @param gaugeRefresh        how often the engine gauges (job backlog, incidents, overdue tasks) are counted again
 * @param providerCheckEvery  how often a provider check that talks to the provider (SMTP connect, WeChat access
 *                            token) runs again; probes in between get the last result
 */
@Validated
@ConfigurationProperties("loanflow.monitoring")
public record MonitoringSettings(
        @DefaultValue("PT30S") @NotNull Duration gaugeRefresh,
        @DefaultValue("PT1M") @NotNull Duration providerCheckEvery) {
}
