package com.loanflow.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.StandaloneInMemProcessEngineConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;

/**
 * Several nodes starting at once on an empty database all set up the same groups, users and grants; none of them
 * may fail to start because another one got there first.
 */
class IdentityBootstrapRaceTest {

    private static final int NODES = 4;

    private ProcessEngine engine;

    @BeforeEach
    void emptyDatabase() {
        StandaloneInMemProcessEngineConfiguration configuration = new StandaloneInMemProcessEngineConfiguration();
        configuration.setProcessEngineName("identity-race-" + UUID.randomUUID());
        configuration.setJdbcUrl("jdbc:h2:mem:identity-race-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        configuration.setJobExecutorActivate(false);
        // As application.yaml: LoanFlow's group ids have hyphens.
        configuration.setGroupResourceWhitelistPattern("[a-zA-Z0-9]+(-[a-zA-Z0-9]+)*");
        engine = configuration.buildProcessEngine();
    }

    @AfterEach
    void close() {
        engine.close();
    }

    @RepeatedTest(3)
    void givenNodesStartingTogether_whenEachSetsUpIdentities_thenAllStartAndEachGroupAndUserExistsOnce()
            throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService nodes = Executors.newFixedThreadPool(NODES);
        List<Future<?>> started = new ArrayList<>();
        for (int node = 0; node < NODES; node++) {
            IdentityBootstrap bootstrap = new IdentityBootstrap("admin", "admin-Race-pw-1", "monitoring",
                    "monitoring-Race-pw-1");
            started.add(nodes.submit(() -> {
                go.await();
                bootstrap.postProcessEngineBuild(engine);
                return null;
            }));
        }
        go.countDown();
        for (Future<?> node : started) {
            node.get();
        }
        nodes.shutdown();

        assertThat(engine.getIdentityService().createGroupQuery().count())
                .isEqualTo(IdentityBootstrap.GROUPS.size());
        assertThat(engine.getIdentityService().createUserQuery().userId("admin").count()).isEqualTo(1);
        assertThat(engine.getIdentityService().createUserQuery().memberOfGroup(ProcessConstants.GROUP_CAMUNDA_ADMIN)
                .userId("admin").count()).isEqualTo(1);
        assertThat(engine.getIdentityService().checkPassword("monitoring", "monitoring-Race-pw-1")).isTrue();
    }
}
