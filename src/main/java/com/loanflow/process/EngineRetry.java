package com.loanflow.process;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.impl.errorcode.BuiltinExceptionCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs an API request's work in one transaction and runs it again when it lost a race with another transaction on
 * the same loan (a timer firing or a notice finishing while a repayment arrives, on this node or another): the next
 * try sees the committed state. A request never fails just because it came at the same moment as something else.
 */
@Component
public class EngineRetry {

    private static final Logger log = LoggerFactory.getLogger(EngineRetry.class);
    static final int ATTEMPTS = 5;
    /**
     * The winner is usually one job of the same loan (they run one at a time), done within tens of milliseconds; a
     * random pause keeps two requests that collided from colliding again on their next try.
     */
    private static final long MAX_PAUSE_MILLIS = 50;

    private final TransactionTemplate transaction;

    EngineRetry(PlatformTransactionManager transactionManager) {
        this.transaction = new TransactionTemplate(transactionManager);
    }

    public <T> T inTransaction(Supplier<T> work) {
        RuntimeException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                return transaction.execute(status -> work.get());
            } catch (RuntimeException e) {
                if (!lostRace(e)) {
                    throw e;
                }
                last = e;
                log.debug("Concurrent change on try {} of {}: {}", attempt, ATTEMPTS, e.toString());
                pause();
            }
        }
        throw last;
    }

    /**
     * The engine's optimistic lock found the process changed underneath, or the database chose this transaction as
     * the victim of a deadlock (PostgreSQL detects them; the engine reports its own statements' with a code).
     */
    static boolean lostRace(RuntimeException e) {
        return e instanceof OptimisticLockingException
                || e instanceof PessimisticLockingFailureException
                || e instanceof ProcessEngineException engine && engine.getCode() == BuiltinExceptionCode.DEADLOCK.getCode();
    }

    static void pause() {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(MAX_PAUSE_MILLIS + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting to try again", e);
        }
    }
}
