package com.loanflow.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.loanflow.support.PostgresIntegrationTest;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The running engine tries a task completion again after a lost race, before it opens the transaction. */
class TaskCompletionRetryIT extends PostgresIntegrationTest {

    @Autowired
    ProcessEngine engine;

    @Test
    void givenTheApplicationsEngine_whenItsCommandChainIsRead_thenTaskCompletionsAreTriedAgainAfterALostRace() {
        ProcessEngineConfigurationImpl configuration =
                (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();

        assertThat(configuration.getCustomPreCommandInterceptorsTxRequired())
                .hasAtLeastOneElementOfType(TaskCompletionRetry.Interceptor.class);
        assertThat(configuration.getCommandInterceptorsTxRequired())
                .as("ahead of the interceptor that opens the transaction")
                .first().isInstanceOf(TaskCompletionRetry.Interceptor.class);
    }
}
