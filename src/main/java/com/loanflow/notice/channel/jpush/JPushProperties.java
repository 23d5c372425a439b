package com.loanflow.notice.channel.jpush;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * App push through JPush (极光推送) REST API v3 ({@code loanflow.notice.jpush.*}).
 *
 * @param enabled         whether notices go out as app push through JPush
 * @param appKey          the app's AppKey; required when enabled
 * @param masterSecret    the app's Master Secret; required when enabled
 * @param baseUrl         the API's address (a test or proxy address in place of the public one)
 * @param apnsProduction  whether iOS pushes go to APNs production (false: development, for test builds)
 * @param timeToLive      how long JPush keeps the push for an offline device (0 to 10 days; above 1 day only
 *                        for paid plans)
 * @param timeouts        connecting to and waiting for the API
 */
@ConfigurationProperties("loanflow.notice.jpush")
public record JPushProperties(
        boolean enabled,
        String appKey,
        String masterSecret,
        @DefaultValue("https://api.jpush.cn") String baseUrl,
        @DefaultValue("true") boolean apnsProduction,
        @DefaultValue("1d") Duration timeToLive,
        @DefaultValue Timeouts timeouts) {

    /**
     * @param connect  establishing the connection
     * @param read     waiting for the answer to a push; keep it well below the job executor's lock time so an
     *                 unanswered push is retried by the same job, not run again by another node
     */
    public record Timeouts(@DefaultValue("5s") Duration connect, @DefaultValue("10s") Duration read) {
    }
}
