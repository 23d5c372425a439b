package com.loanflow.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.awaitility.Awaitility;
import org.camunda.bpm.engine.IdentityService;
import com.loanflow.notice.channel.sandbox.SandboxChannelProvider;
import org.camunda.bpm.engine.ManagementService;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The whole application on a real HTTP port with the engine's job executor running, as an integrator or staff
 * member meets it. Subclasses choose the database; classes with the same database share one Spring context.
 * Metrics are exported as in production (Spring Boot's tests leave them out otherwise), so {@code /actuator/prometheus}
 * answers; declared here, on every integration test, so the contexts are still shared.
 */
@AutoConfigureObservability(tracing = false)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "loanflow.admin.password=" + IntegrationTest.ADMIN_PASSWORD,
        "loanflow.monitoring.password=" + StaffUsers.PASSWORD,
        "loanflow.process.credit-check.retry-cycle=PT1S,PT1S,PT1S",
        "loanflow.process.disbursement.retry-cycle=PT1S,PT1S,PT1S",
        "loanflow.process.notice.retry-cycle=PT1S,PT1S,PT1S",
        // No quiet hours: the tests must not depend on the time of day they run at (quiet hours are process-tested).
        "loanflow.notice.delivery.quiet-hours-start=00:00",
        "loanflow.notice.delivery.quiet-hours-end=00:00",
        "loanflow.sandbox.receipt-delay=PT0.2S",
        "camunda.bpm.job-execution.max-wait=1000",
        "camunda.bpm.job-execution.wait-time-in-millis=200"})
public abstract class IntegrationTest {

    public static final String ADMIN = "admin";
    public static final String ADMIN_PASSWORD = "admin-Test-pw-1";

    @LocalServerPort
    private int port;

    @Autowired
    protected IdentityService identityService;

    @Autowired
    protected JdbcClient jdbc;

    @Autowired
    protected ManagementService managementService;

    @Autowired
    private SandboxChannelProvider sandboxChannels;

    protected ApiClient api;

    @BeforeEach
    void connect() {
        StaffUsers.ensure(identityService);
        api = new ApiClient(port);
    }

    public ApiClient api() {
        return api;
    }

    public JdbcClient jdbc() {
        return jdbc;
    }

    /**
     * Waits until no job is due and no sandbox receipt is on its way, so background work of earlier steps cannot
     * blur what a request changed.
     */
    protected void awaitEngineIdle() {
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> sandboxChannels.receiptsInFlight() == 0
                        && managementService.createJobQuery().executable().count() == 0
                        && sandboxChannels.receiptsInFlight() == 0);
    }

    /** What Prometheus gets from this node now. */
    protected PrometheusScrape scrape() {
        ApiClient.Response scrape = api.get("/actuator/prometheus", ADMIN, ADMIN_PASSWORD);
        assertThat(scrape.status()).as(scrape.text()).isEqualTo(200);
        return PrometheusScrape.parse(scrape.text());
    }

    protected long count(String table) {
        return jdbc.sql("select count(*) from " + table).query(Long.class).single();
    }
}
