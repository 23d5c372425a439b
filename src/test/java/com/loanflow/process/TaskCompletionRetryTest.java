package com.loanflow.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.impl.cmd.CompleteTaskCmd;
import org.camunda.bpm.engine.impl.cmd.SubmitTaskFormCmd;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandExecutor;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionSynchronizationManager;

class TaskCompletionRetryTest {

    private final AtomicInteger tries = new AtomicInteger();

    @Test
    void givenACompletionThatLosesTheOptimisticLockOnce_whenExecuted_thenItIsTriedAgainAndSucceeds() {
        TaskCompletionRetry.Interceptor interceptor = interceptor(1, new OptimisticLockingException("concurrent"));

        Object result = interceptor.execute(new CompleteTaskCmd("task-1", Map.of("followUpOutcome", "CONFIRMED")));

        assertThat(result).isEqualTo("completed");
        assertThat(tries).hasValue(2);
    }

    @Test
    void givenAFormSubmissionThatKeepsLosingTheRace_whenExecuted_thenItGivesUpAfterFiveTries() {
        TaskCompletionRetry.Interceptor interceptor = interceptor(99, new OptimisticLockingException("concurrent"));

        assertThatThrownBy(() -> interceptor.execute(new SubmitTaskFormCmd("task-1", Map.of(), false, false)))
                .isInstanceOf(OptimisticLockingException.class);
        assertThat(tries).hasValue(EngineRetry.ATTEMPTS);
    }

    @Test
    void givenACompletionThatFailsForAnotherReason_whenExecuted_thenItIsNotTriedAgain() {
        TaskCompletionRetry.Interceptor interceptor = interceptor(1, new ProcessEngineException("form field missing"));

        assertThatThrownBy(() -> interceptor.execute(new CompleteTaskCmd("task-1", Map.of())))
                .hasMessage("form field missing");
        assertThat(tries).hasValue(1);
    }

    @Test
    void givenAnyOtherCommand_whenItLosesTheRace_thenItFailsAsBefore() {
        TaskCompletionRetry.Interceptor interceptor = interceptor(1, new OptimisticLockingException("concurrent"));
        Command<Object> correlate = commandContext -> "correlated";

        assertThatThrownBy(() -> interceptor.execute(correlate)).isInstanceOf(OptimisticLockingException.class);
        assertThat(tries).hasValue(1);
    }

    @Test
    void givenACompletionInsideACallersTransaction_whenItLosesTheRace_thenTheCallerGetsTheFailure() {
        TaskCompletionRetry.Interceptor interceptor = interceptor(1, new OptimisticLockingException("concurrent"));
        TransactionSynchronizationManager.setActualTransactionActive(true);
        try {
            assertThatThrownBy(() -> interceptor.execute(new CompleteTaskCmd("task-1", Map.of())))
                    .isInstanceOf(OptimisticLockingException.class);
        } finally {
            TransactionSynchronizationManager.setActualTransactionActive(false);
        }
        assertThat(tries).hasValue(1);
    }

    /** An interceptor whose next step fails {@code failures} times with {@code failure}, then completes. */
    private TaskCompletionRetry.Interceptor interceptor(int failures, RuntimeException failure) {
        TaskCompletionRetry.Interceptor interceptor = new TaskCompletionRetry.Interceptor();
        interceptor.setNext(new CommandExecutor() {
            @Override
            @SuppressWarnings("unchecked")
            public <T> T execute(Command<T> command) {
                if (tries.incrementAndGet() <= failures) {
                    throw failure;
                }
                return (T) "completed";
            }
        });
        return interceptor;
    }
}
