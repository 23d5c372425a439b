package com.loanflow.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.impl.errorcode.BuiltinExceptionCode;
import org.junit.jupiter.api.Test;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;

class EngineRetryTest {

    private final EngineRetry retry = new EngineRetry(new NoTransactions());
    private final AtomicInteger tries = new AtomicInteger();

    @Test
    void givenTheEngineFoundTheProcessChanged_whenRun_thenItRunsAgainOnTheCommittedState() {
        String result = retry.inTransaction(failing(2, () -> new OptimisticLockingException("changed")));

        assertThat(result).isEqualTo("done");
        assertThat(tries).hasValue(3);
    }

    @Test
    void givenTheDatabaseChoseThisTransactionAsADeadlockVictim_whenRun_thenItRunsAgain() {
        retry.inTransaction(failing(1, () -> new PessimisticLockingFailureException("deadlock detected")));
        retry.inTransaction(failing(1, () -> new ProcessEngineException("flush failed: deadlock detected",
                BuiltinExceptionCode.DEADLOCK.getCode())));

        assertThat(tries).hasValue(4);
    }

    @Test
    void givenAnyOtherFailure_whenRun_thenItFailsAtOnce() {
        assertThatThrownBy(() -> retry.inTransaction(failing(1, () -> new IllegalStateException("a bug"))))
                .isInstanceOf(IllegalStateException.class);
        assertThat(tries).hasValue(1);
    }

    @Test
    void givenTheRaceIsLostEveryTime_whenRun_thenItGivesUpAfterFiveTriesWithTheLastFailure() {
        assertThatThrownBy(() -> retry.inTransaction(failing(99, () -> new CannotAcquireLockException("lock timeout"))))
                .isInstanceOf(CannotAcquireLockException.class);
        assertThat(tries).hasValue(5);
    }

    /** Work that fails this many times with the given exception, then answers "done". */
    private Supplier<String> failing(int times, Supplier<RuntimeException> failure) {
        AtomicInteger failed = new AtomicInteger();
        return () -> {
            tries.incrementAndGet();
            if (failed.getAndIncrement() < times) {
                throw failure.get();
            }
            return "done";
        };
    }

    /** A transaction manager with nothing behind it: these tests are about what is tried again, not about JDBC. */
    private static final class NoTransactions extends AbstractPlatformTransactionManager {

        @Override
        protected Object doGetTransaction() {
            return new Object();
        }

        @Override
        protected void doBegin(Object transaction, TransactionDefinition definition) {
        }

        @Override
        protected void doCommit(DefaultTransactionStatus status) {
        }

        @Override
        protected void doRollback(DefaultTransactionStatus status) {
        }
    }
}
