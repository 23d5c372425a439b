package com.loanflow.soak;

import com.loanflow.LoanFlowApplication;
import com.loanflow.support.EmbeddedPostgresServer;
import com.loanflow.support.IntegrationTest;
import com.zaxxer.hikari.HikariDataSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.jobexecutor.JobExecutor;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * One LoanFlow node of the soak: the whole application on its own port, engine and job executor, on the JVM's
 * embedded PostgreSQL, with the real channel providers pointed at the {@link ProviderWorld}. It can be crashed: its
 * web server stops, its connection pool freezes and its open database sessions are killed, so whatever it was doing
 * is lost mid-transaction while the jobs it had locked stay locked until their lock expires, as after a power cut.
 */
final class SoakNode {

    /** Short, so the surviving node takes a crashed node's jobs over within the run; longer than any send. */
    static final long LOCK_TIME_MILLIS = 20_000;

    private final String name;
    private final ConfigurableApplicationContext context;
    private final int port;
    private volatile boolean alive = true;

    private SoakNode(String name, ConfigurableApplicationContext context) {
        this.name = name;
        this.context = context;
        this.port = ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    static SoakNode start(String name, List<String> providerProperties) {
        List<String> arguments = new ArrayList<>();
        Arrays.stream(IntegrationTest.class.getAnnotation(SpringBootTest.class).properties())
                // The soak wants quiet hours: it moves the clock through nights.
                .filter(property -> !property.startsWith("loanflow.notice.delivery.quiet-hours"))
                .forEach(property -> arguments.add("--" + property));
        arguments.addAll(List.of(
                "--server.port=0",
                "--spring.datasource.url=" + EmbeddedPostgresServer.jdbcUrl(),
                "--spring.datasource.username=postgres",
                "--spring.datasource.password=postgres",
                "--spring.datasource.hikari.maximum-pool-size=20",
                // Lets the soak freeze the pool when it crashes the node, and find the node's sessions to kill them.
                "--spring.datasource.hikari.allow-pool-suspension=true",
                "--spring.datasource.hikari.data-source-properties.ApplicationName=" + applicationName(name),
                "--camunda.bpm.process-engine-name=" + name,
                "--LOANFLOW_NODE=" + name,
                "--camunda.bpm.job-execution.lock-time-in-millis=" + LOCK_TIME_MILLIS,
                "--loanflow.borrower-token.secret=delivery-soak-borrower-link-key-0123456789abcdef",
                "--loanflow.notice.delivery.quiet-hours-start=22:00",
                "--loanflow.notice.delivery.quiet-hours-end=08:00",
                "--loanflow.process.credit-check.delay-notice-after=PT10M",
                "--loanflow.process.disbursement.delay-notice-after=PT10M",
                // Hundreds of loans' INFO lines would bury the soak's own output; warnings still show.
                "--logging.level.com.loanflow=WARN",
                "--logging.level.com.loanflow.soak=INFO"));
        providerProperties.forEach(property -> arguments.add("--" + property));
        ConfigurableApplicationContext context = new SpringApplicationBuilder(LoanFlowApplication.class)
                .run(arguments.toArray(String[]::new));
        return new SoakNode(name, context);
    }

    private static String applicationName(String node) {
        return "loanflow-soak-" + node;
    }

    String name() {
        return name;
    }

    int port() {
        return port;
    }

    boolean alive() {
        return alive;
    }

    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    JdbcClient jdbc() {
        return bean(JdbcClient.class);
    }

    private JobExecutor jobExecutor() {
        return ((ProcessEngineConfigurationImpl) bean(ProcessEngine.class).getProcessEngineConfiguration())
                .getJobExecutor();
    }

    /** The id with which this node's job executor locks the jobs it takes. */
    String lockOwner() {
        return jobExecutor().getLockOwner();
    }

    /**
     * Stops acquiring jobs (the acquisition thread is joined, so no acquisition is half done); jobs already taken
     * run to the end. The clock is moved only while every live node is paused, so no lock of a running job expires
     * under it.
     */
    void pauseJobAcquisition() {
        if (alive) {
            jobExecutor().shutdown();
        }
    }

    void resumeJobAcquisition() {
        if (alive && !jobExecutor().isActive()) {
            jobExecutor().start();
        }
    }

    /**
     * Kills the node: no more HTTP, no more database. Sessions are terminated by the other node's connection, so the
     * transactions this node had open roll back as if its process had died; its threads then wait for ever on the
     * frozen pool.
     */
    void crash(JdbcClient survivor) {
        alive = false;
        ((WebServerApplicationContext) context).getWebServer().stop();
        HikariDataSource pool = bean(HikariDataSource.class);
        pool.getHikariPoolMXBean().suspendPool();
        survivor.sql("select pg_terminate_backend(pid) from pg_stat_activity where application_name = :name")
                .param("name", applicationName(name)).query(Boolean.class).list();
    }

    /** Closes the context; a crashed node gets its pool back first, or its threads would keep the close waiting. */
    void close() {
        if (!alive) {
            bean(HikariDataSource.class).getHikariPoolMXBean().resumePool();
        }
        // A crashed node's job threads may still be finishing what the pool freeze interrupted.
        try {
            CompletableFuture.runAsync(context::close).get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Node " + name + " did not close within a minute", e);
        }
    }
}
