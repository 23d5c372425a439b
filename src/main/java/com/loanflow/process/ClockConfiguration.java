package com.loanflow.process;

import java.time.Clock;
import java.time.ZoneId;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ClockConfiguration {

    /** The lender's zone: due dates are calendar dates in this zone. */
    @Bean
    Clock clock(@Value("${loanflow.zone:Asia/Shanghai}") ZoneId zone) {
        return new EngineClock(zone);
    }
}
