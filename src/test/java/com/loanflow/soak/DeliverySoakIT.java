package com.loanflow.soak;

import static org.assertj.core.api.Assertions.assertThat;

import com.loanflow.support.EmbeddedPostgresServer;
import com.loanflow.support.StaffUsers;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delivery guarantee under faults (issue 10, "The soak"): two LoanFlow nodes on one embedded PostgreSQL, with the
 * real Aliyun, Twilio, WeChat, JPush and SMTP providers pointed at WireMock and GreenMail ({@link ProviderWorld}),
 * drive many loans from application to payoff over the HTTP API while a seeded schedule injects provider faults
 * (5xx, resets, timeouts after the provider took the message, slow and malformed answers), receipts that come twice,
 * out of order, before the send commits or after the confirmation timeout, borrowers who read late or never,
 * contact changes in the middle of sends, staff outcomes, concurrent repayments, overpayments and reversals, and one
 * node crashing with jobs in hand. The engine clock carries the run through nights (quiet hours), confirmation
 * timeouts, retries and SLAs. At the end it checks the invariants, not the paths:
 * <ol type="a">
 *   <li>every notice is DELIVERED, READ or RESOLVED_BY_STAFF (or WITHDRAWN by a reversal), or has an open task in
 *       Tasklist; none sits only in an incident, none waits with no timer and no task;</li>
 *   <li>from the providers' own logs: no notice went twice to one address unless the earlier send was known to have
 *       failed;</li>
 *   <li>every paid-off loan raised LOAN_SETTLED within seconds of its payoff;</li>
 *   <li>every ledger verifies and its balances are the schedule minus the allocations;</li>
 *   <li>no request of the soak got a 5xx.</li>
 * </ol>
 * {@code -Dsoak.seed=} replays a run (the seed is printed first), {@code -Dsoak.loans=} sizes it. The figures go to
 * the log and to {@code target/soak-report.md}.
 */
class DeliverySoakIT {

    private static final Logger log = LoggerFactory.getLogger(DeliverySoakIT.class);
    private static final int DEFAULT_LOANS = 20;
    /** A Monday evening in Beijing: the first night's quiet hours start two hours into the run. */
    private static final Instant START = OffsetDateTime.of(2025, 6, 2, 19, 40, 0, 0, ZoneOffset.ofHours(8)).toInstant();
    private static final Duration HORIZON = Duration.ofDays(12);

    private static final long SEED = Long.getLong("soak.seed", ThreadLocalRandom.current().nextLong(1, 1_000_000));
    private static final int LOANS = Integer.getInteger("soak.loans", DEFAULT_LOANS);

    private static final SoakClock clock = new SoakClock();
    private static FaultPlan faults;
    private static ProviderWorld world;
    private static final List<SoakNode> nodes = new ArrayList<>();
    private static SoakClient client;
    private static ReceiptSender receipts;
    private static SoakLoans loans;
    private static SoakRun run;

    @BeforeAll
    static void startTheWorld() {
        log.info("soak seed={} loans={}", SEED, LOANS);
        clock.set(START);
        faults = new FaultPlan(SEED);
        world = new ProviderWorld(faults, clock);
        // One after the other, as in a rolling start: the first creates the schema and deploys the models.
        nodes.add(SoakNode.start("soakA", world.nodeProperties()));
        nodes.add(SoakNode.start("soakB", world.nodeProperties()));
        StaffUsers.ensure(nodes.get(0).bean(IdentityService.class));
        client = new SoakClient(nodes);
        receipts = new ReceiptSender(world, client, clock);
        loans = new SoakLoans(client, clock, faults, IntStream.range(0, LOANS).mapToObj(i -> new SoakLoan(i, SEED))
                .toList());
        run = new SoakRun(client, clock, loans, new SoakPeople(client, clock, faults, loans), faults, nodes,
                nodes.get(1));
        world.connect(receipts, loans::changeContactsOf, run::duringSlowSend);
    }

    @AfterAll
    static void stopTheWorld() {
        Stream.of(run).filter(r -> r != null).forEach(SoakRun::close);
        Stream.of(loans).filter(l -> l != null).forEach(SoakLoans::close);
        Stream.of(receipts).filter(r -> r != null).forEach(ReceiptSender::close);
        for (int i = nodes.size() - 1; i >= 0; i--) {
            nodes.get(i).close();
        }
        EmbeddedPostgresServer.stop();
        if (world != null) {
            world.close();
        }
        clock.reset();
    }

    @Test
    void givenSeededFaults_whenLoansLiveTheirLifeOnTwoNodes_thenEveryNoticeIsConfirmedOrWithStaffAndSentOnce() {
        Instant wallStart = Instant.now();
        run.run(START, START.plus(HORIZON));

        SoakNode survivor = client.liveNodes().get(0);
        SoakInvariants invariants = new SoakInvariants(survivor, client);
        SoakInvariants.Verdict verdict = new SoakInvariants.Verdict();
        invariants.everyNoticeConfirmedOrWithStaff(verdict);
        DuplicateSends duplicates = new DuplicateSends(world, survivor.jdbc());
        duplicates.check(verdict);
        invariants.settledNoticeAtPayoff(verdict, loans.loans());
        invariants.ledgersBalance(verdict, loans.loans());
        invariants.noServerErrors(verdict);

        SoakReport.Figures figures = new SoakReport.Figures(SEED, loans.loans(), run.rounds(),
                Duration.between(wallStart, Instant.now()), Duration.between(START, clock.now()), client.requests(),
                client.serverErrors().size(), duplicates.sends(), duplicates.duplicates(), faults.injected(), verdict,
                run.crashSummary(), loans.notes());
        SoakReport.write(figures);
        log.info("soak seed={} loans={}\n{}{}", SEED, LOANS, SoakReport.table(figures),
                SoakReport.violations(verdict, 5));
        assertThat(verdict.holds())
                .withFailMessage(() -> "Delivery soak seed=" + SEED + " loans=" + LOANS
                        + " (replay with -Dsoak.seed=" + SEED + " -Dsoak.loans=" + LOANS + "):\n"
                        + SoakReport.violations(verdict, SoakReport.shown()))
                .isTrue();
    }
}
