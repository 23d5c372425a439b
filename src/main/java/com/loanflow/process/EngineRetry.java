package com.loanflow.process;

import java.util.function.Supplier;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs an API request's work in one transaction and runs it again when the engine detects a concurrent change to
 * the same process instance (a timer firing while a repayment arrives): the second try sees the committed state.
 */
@Component
public class EngineRetry {

    private static final int ATTEMPTS = 3;

    private final TransactionTemplate transaction;

    EngineRetry(PlatformTransactionManager transactionManager) {
        this.transaction = new TransactionTemplate(transactionManager);
    }

    public <T> T inTransaction(Supplier<T> work) {
        OptimisticLockingException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                return transaction.execute(status -> work.get());
            } catch (OptimisticLockingException concurrentChange) {
                last = concurrentChange;
            }
        }
        throw last;
    }
}
