package com.loanflow.support;

import java.util.Arrays;
import java.util.stream.Stream;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/** Stops the embedded PostgreSQL server last: the data source depends on the stopper, so it is destroyed first. */
@TestConfiguration(proxyBeanMethods = false)
class EmbeddedPostgresLifecycle {

    private static final String STOPPER = "embeddedPostgresStopper";

    @Bean(STOPPER)
    DisposableBean embeddedPostgresStopper() {
        return EmbeddedPostgresServer::stop;
    }

    @Bean
    static BeanFactoryPostProcessor dataSourceDependsOnPostgresStopper() {
        return factory -> {
            BeanDefinition dataSource = factory.getBeanDefinition("dataSource");
            String[] dependsOn = dataSource.getDependsOn() == null ? new String[0] : dataSource.getDependsOn();
            dataSource.setDependsOn(Stream.concat(Arrays.stream(dependsOn), Stream.of(STOPPER)).toArray(String[]::new));
        };
    }
}
