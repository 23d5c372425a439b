package com.loanflow.cluster;

import static com.loanflow.support.StaffUsers.INTEGRATOR;
import static com.loanflow.support.StaffUsers.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.loanflow.LoanFlowApplication;
import com.loanflow.notice.channel.sandbox.SandboxChannelProvider;
import com.loanflow.support.ApiClient;
import com.loanflow.support.EmbeddedPostgresServer;
import com.loanflow.support.IntegrationTest;
import com.loanflow.support.LoanSteps;
import com.loanflow.support.StaffUsers;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Two LoanFlow nodes on one PostgreSQL database, as behind a load balancer in production. Loans run through both
 * nodes' HTTP APIs at once: the application on one node, the signature on the other, repayments on both at the same
 * moment (one transaction replayed on both, another one alongside), the payoff, and the read acknowledgements on both
 * nodes at once, as from a borrower's phone and tablet, while receipts for the loan's other notices come in. Both job
 * executors share the jobs; every notice goes out exactly once, none is lost, and no request fails.
 */
class TwoNodeClusterIT {

    private static final String BORROWER_TOKEN_SECRET = "two-node-cluster-test-borrower-link-key-0123456789";


    private static final Logger log = LoggerFactory.getLogger(TwoNodeClusterIT.class);
    private static final int LOANS = 20;
    private static final int DRIVERS = 5;
    private static final List<String> NOTICES_OF_A_PAID_OFF_LOAN = List.of("APPLICATION_RECEIVED",
            "APPLICATION_APPROVED", "LOAN_DISBURSED", "REPAYMENT_RECEIVED", "REPAYMENT_RECEIVED", "LOAN_SETTLED");

    private static Node nodeA;
    private static Node nodeB;
    private static JdbcClient jdbc;
    private static final ExecutorService requests = Executors.newCachedThreadPool();

    @BeforeAll
    static void startNodes() {
        // One after the other, as in a rolling start: the first creates the schema, deploys the models and the admin.
        nodeA = Node.start("nodeA");
        nodeB = Node.start("nodeB");
        StaffUsers.ensure(nodeA.bean(IdentityService.class));
        jdbc = nodeA.bean(JdbcClient.class);
    }

    @AfterAll
    static void stopNodes() {
        requests.shutdownNow();
        Stream.of(nodeB, nodeA).filter(node -> node != null).forEach(node -> node.context().close());
        EmbeddedPostgresServer.stop();
    }

    @Test
    void givenTwoNodesOnOneDatabase_whenLoansRunThroughBothAtOnce_thenBothRunJobsAndEveryNoticeGoesOutExactlyOnce() {
        ExecutorService drivers = Executors.newFixedThreadPool(DRIVERS);
        List<CompletableFuture<PaidOffLoan>> running = IntStream.range(0, LOANS)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> payOff(i % 2 == 0 ? nodeA : nodeB), drivers))
                .toList();
        List<PaidOffLoan> loans = running.stream().map(CompletableFuture::join).toList();
        drivers.shutdown();

        awaitEveryNoticeConfirmed();

        for (PaidOffLoan loan : loans) {
            assertThat(nodeB.steps().loan(loan.loanId()).get("status").asText()).isEqualTo("SETTLED");
            assertThat(noticeEvents(loan.loanId())).as("notices of %s, each raised once", loan.loanId())
                    .containsExactlyInAnyOrderElementsOf(NOTICES_OF_A_PAID_OFF_LOAN);
            assertThat(jdbc.sql("select reference from notice where loan_id = :loanId and event = 'REPAYMENT_RECEIVED'")
                    .param("loanId", loan.loanId()).query(String.class).list())
                    .as("one receipt notice per repayment, none for the replay")
                    .containsExactlyInAnyOrderElementsOf(loan.instalmentRepaymentIds());
            assertThat(nodeA.api().get("/api/loans/" + loan.loanId() + "/ledger", INTEGRATOR, PASSWORD).json()
                    .get("valid").asBoolean()).isTrue();
        }
        assertThat(notSentExactlyOnce()).as("notices without exactly one attempt and one message at the provider")
                .isEmpty();
        assertThat(nodeA.bean(RuntimeService.class).createIncidentQuery().count()).as("incidents").isZero();
        assertThat(nodeA.bean(ManagementService.class).createJobQuery().noRetriesLeft().count()).isZero();
        Map<String, Long> jobsByNode = jdbc.sql("""
                select hostname_, count(*) from act_hi_job_log where job_state_ = 2 group by hostname_""")
                .query((rs, n) -> Map.entry(rs.getString(1), rs.getLong(2))).list().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        log.info("Jobs run successfully per node: {}", jobsByNode);
        assertThat(jobsByNode).containsOnlyKeys("nodeA", "nodeB").allSatisfy((node, jobs) -> assertThat(jobs)
                .as("jobs run by %s", node).isGreaterThanOrEqualTo(LOANS));
        logHistorySize(loans.size());
    }

    /**
     * One loan from application to payoff, each step on one node or the other; every answer is checked, so a request
     * that failed under concurrency (a 500) fails the test.
     */
    private PaidOffLoan payOff(Node entry) {
        Node other = entry == nodeA ? nodeB : nodeA;
        String loanId = entry.steps().apply("123");
        other.steps().awaitStatus(loanId, "AWAITING_SIGNATURE");
        expect(other.api().post(loanPath(loanId, "contract-signature"),
                Map.of("signedAt", OffsetDateTime.now(ZoneOffset.ofHours(8)).minusMinutes(1).toString()),
                INTEGRATOR, PASSWORD), 202);
        entry.steps().awaitStatus(loanId, "ACTIVE");
        BigDecimal firstInstalment = entry.api().get(loanPath(loanId, "schedule"), INTEGRATOR, PASSWORD).json()
                .get("instalments").get(0).get("total").decimalValue();

        // The payment system sends one transaction to both nodes (a retry after a timeout) while another one arrives.
        Map<String, Object> instalment = repayment(loanId + "-1", firstInstalment);
        Map<String, Object> partPayment = repayment(loanId + "-2", new BigDecimal("500.00"));
        List<ApiClient.Response> answers = atOnce(
                () -> nodeA.api().post(loanPath(loanId, "repayments"), instalment, INTEGRATOR, PASSWORD),
                () -> nodeB.api().post(loanPath(loanId, "repayments"), instalment, INTEGRATOR, PASSWORD),
                () -> nodeB.api().post(loanPath(loanId, "repayments"), partPayment, INTEGRATOR, PASSWORD));
        assertThat(answers.subList(0, 2)).as(answers.toString()).extracting(ApiClient.Response::status)
                .containsExactlyInAnyOrder(201, 200);
        assertThat(answers.get(0).json().get("repaymentId")).isEqualTo(answers.get(1).json().get("repaymentId"));
        expect(answers.get(2), 201);

        BigDecimal payoff = other.api().get(loanPath(loanId, "payoff-quote"), INTEGRATOR, PASSWORD).json()
                .get("total").decimalValue();
        expect(entry.api().post(loanPath(loanId, "repayments"), repayment(loanId + "-3", payoff), INTEGRATOR,
                PASSWORD), 201);

        // The borrower acknowledges the notices that wait for it once they arrived, from two devices at once.
        awaitNoticesRaised(loanId);
        String borrower = new LoanSteps(entry.api()).borrowerToken(loanId);
        for (String noticeId : readAckRequired(loanId)) {
            await().atMost(LoanSteps.PATIENCE).pollInterval(Duration.ofMillis(250)).until(() -> "DELIVERED".equals(
                    other.api().get("/api/notices/" + noticeId, INTEGRATOR, PASSWORD).json().get("status").asText()));
            Map<String, Object> read = Map.of("readAt", OffsetDateTime.now(ZoneOffset.UTC).toString());
            String path = "/api/notices/" + noticeId + "/read";
            atOnce(() -> nodeA.api().asBorrower(HttpMethod.POST, path, read, borrower),
                    () -> nodeB.api().asBorrower(HttpMethod.POST, path, read, borrower))
                    .forEach(answer -> expect(answer, 200));
        }
        return new PaidOffLoan(loanId, List.of(answers.get(0).json().get("repaymentId").asText(),
                answers.get(2).json().get("repaymentId").asText()));
    }

    private record PaidOffLoan(String loanId, List<String> instalmentRepaymentIds) {
    }

    /** Runs the calls at the same moment, each on its own thread, and returns their answers in order. */
    @SafeVarargs
    private static List<ApiClient.Response> atOnce(Supplier<ApiClient.Response>... calls) {
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<ApiClient.Response>> answers = Arrays.stream(calls)
                .map(call -> CompletableFuture.supplyAsync(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                    return call.get();
                }, requests))
                .toList();
        start.countDown();
        return answers.stream().map(CompletableFuture::join).toList();
    }

    private static void awaitNoticesRaised(String loanId) {
        await().atMost(LoanSteps.PATIENCE).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                assertThat(nodeB.api().get(loanPath(loanId, "notices"), INTEGRATOR, PASSWORD).json()
                        .findValuesAsText("event")).containsExactlyInAnyOrderElementsOf(NOTICES_OF_A_PAID_OFF_LOAN));
    }

    /** The loan's notices that are confirmed by the borrower's read acknowledgement, not by delivery alone. */
    private static List<String> readAckRequired(String loanId) {
        return jdbc.sql("select id from notice where loan_id = :loanId and read_ack_required").param("loanId", loanId)
                .query(String.class).list();
    }

    /**
     * Every notice confirmed (delivered, and read where a read acknowledgement is required) and its delivery process
     * finished, with nothing left to run on either node.
     */
    private static void awaitEveryNoticeConfirmed() {
        RuntimeService runtime = nodeA.bean(RuntimeService.class);
        ManagementService management = nodeA.bean(ManagementService.class);
        await().atMost(LoanSteps.PATIENCE).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            assertThat(jdbc.sql("""
                    select count(*) from notice where status <> case when read_ack_required then 'READ' else 'DELIVERED' end""")
                    .query(Long.class).single()).as("notices not confirmed").isZero();
            assertThat(runtime.createProcessInstanceQuery().processDefinitionKey("notify-borrower").count())
                    .as("deliveries still running").isZero();
            assertThat(management.createJobQuery().executable().count()).as("jobs due").isZero();
            assertThat(nodeA.bean(SandboxChannelProvider.class).receiptsInFlight()
                    + nodeB.bean(SandboxChannelProvider.class).receiptsInFlight()).as("receipts on their way").isZero();
        });
    }

    /** Notices without exactly one attempt and one message at the provider, described for the failure message. */
    private static List<String> notSentExactlyOnce() {
        return jdbc.sql("""
                select n.id, n.event, n.status,
                    (select string_agg(a.channel || ' ' || a.status || coalesce(' ' || a.failure_reason, ''), ', ')
                     from notice_attempt a where a.notice_id = n.id) as attempts,
                    (select count(*) from sandbox_message m where m.notice_id = n.id) as messages
                from notice n
                where (select count(*) from notice_attempt a where a.notice_id = n.id) <> 1
                   or (select count(*) from sandbox_message m where m.notice_id = n.id) <> 1""")
                .query((rs, n) -> rs.getString("id") + " " + rs.getString("event") + " " + rs.getString("status")
                        + ": attempts [" + rs.getString("attempts") + "], messages " + rs.getLong("messages"))
                .list();
    }

    private static List<String> noticeEvents(String loanId) {
        return jdbc.sql("select event from notice where loan_id = :loanId").param("loanId", loanId)
                .query(String.class).list();
    }

    /** What full history costs per loan, for sizing the database: rows and their data (indexes come on top). */
    private static void logHistorySize(int loans) {
        Map<String, Long> rows = new TreeMap<>();
        long bytes = 0;
        for (String table : jdbc.sql("select table_name from information_schema.tables where table_name like 'act_hi_%'")
                .query(String.class).list()) {
            List<Long> size = jdbc.sql("select count(*), coalesce(sum(pg_column_size(t.*)), 0) from " + table + " t")
                    .query((rs, n) -> List.of(rs.getLong(1), rs.getLong(2))).single();
            if (size.get(0) > 0) {
                rows.put(table, size.get(0) / loans);
            }
            bytes += size.get(1);
        }
        log.info("Engine history per paid-off loan: {} rows, {} kB of row data; rows by table: {}",
                rows.values().stream().mapToLong(Long::longValue).sum(), bytes / 1024 / loans, rows);
    }

    private static Map<String, Object> repayment(String transactionId, BigDecimal amount) {
        return Map.of("transactionId", "TX-" + transactionId, "amount", amount,
                "paidAt", OffsetDateTime.now(ZoneOffset.ofHours(8)).toString(), "channel", "BANK_TRANSFER");
    }

    private static String loanPath(String loanId, String resource) {
        return "/api/loans/" + loanId + "/" + resource;
    }

    private static void expect(ApiClient.Response answer, int status) {
        assertThat(answer.status()).as(answer.text()).isEqualTo(status);
    }

    /**
     * One LoanFlow node: the whole application on its own port with its own engine and job executor, configured as
     * every other integration test (test timings), on the JVM's embedded PostgreSQL.
     */
    private record Node(ConfigurableApplicationContext context, ApiClient api, LoanSteps steps) {

        static Node start(String name) {
            List<String> arguments = new ArrayList<>();
            Arrays.stream(IntegrationTest.class.getAnnotation(SpringBootTest.class).properties())
                    .forEach(property -> arguments.add("--" + property));
            arguments.addAll(List.of(
                    "--server.port=0",
                    "--spring.datasource.url=" + EmbeddedPostgresServer.jdbcUrl(),
                    "--spring.datasource.username=postgres",
                    "--spring.datasource.password=postgres",
                    // Engines register by name in a JVM-wide registry (no hyphens allowed).
                    "--camunda.bpm.process-engine-name=" + name,
                    // The job log records which node ran a job.
                    "--LOANFLOW_NODE=" + name,
                    // A step slowed down by the load must not raise delay notices the test does not expect.
                    // Like production: every node signs and checks borrower links with the same key.
                    "--loanflow.borrower-token.secret=" + BORROWER_TOKEN_SECRET,
                    "--loanflow.process.credit-check.delay-notice-after=PT10M",
                    "--loanflow.process.disbursement.delay-notice-after=PT10M"));
            ConfigurableApplicationContext context = new SpringApplicationBuilder(LoanFlowApplication.class)
                    .run(arguments.toArray(String[]::new));
            ApiClient api = new ApiClient(((WebServerApplicationContext) context).getWebServer().getPort());
            return new Node(context, api, new LoanSteps(api));
        }

        <T> T bean(Class<T> type) {
            return context.getBean(type);
        }
    }
}
