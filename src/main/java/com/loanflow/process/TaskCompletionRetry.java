package com.loanflow.process;

import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cmd.CompleteTaskCmd;
import org.camunda.bpm.engine.impl.cmd.SubmitTaskFormCmd;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * A staff member completing a task (Tasklist, {@code /engine-rest}) at the moment a job of the same loan runs — a
 * notice finishing, a timer firing — loses the engine's optimistic lock and would see an error for work they did
 * right. The completion is tried again on the committed state, as {@link EngineRetry} does for LoanFlow's own API.
 *
 * <p>Only a completion that is its own transaction is tried again: inside a caller's transaction or another command
 * the whole unit of work has to fail, or the caller would commit half of it.
 */
@Component
class TaskCompletionRetry extends AbstractProcessEnginePlugin {

    private static final Logger log = LoggerFactory.getLogger(TaskCompletionRetry.class);

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        List<CommandInterceptor> interceptors = new ArrayList<>();
        if (configuration.getCustomPreCommandInterceptorsTxRequired() != null) {
            interceptors.addAll(configuration.getCustomPreCommandInterceptorsTxRequired());
        }
        // Before the engine's transaction interceptor: each try is a transaction of its own.
        interceptors.add(new Interceptor());
        configuration.setCustomPreCommandInterceptorsTxRequired(interceptors);
    }

    static final class Interceptor extends CommandInterceptor {

        @Override
        public <T> T execute(Command<T> command) {
            if (!completesATaskOnItsOwn(command)) {
                return next.execute(command);
            }
            for (int attempt = 1; ; attempt++) {
                try {
                    return next.execute(command);
                } catch (RuntimeException e) {
                    if (attempt == EngineRetry.ATTEMPTS || !EngineRetry.lostRace(e)) {
                        throw e;
                    }
                    log.debug("Task completion met a concurrent change on try {}: {}", attempt, e.toString());
                    EngineRetry.pause();
                }
            }
        }

        private static boolean completesATaskOnItsOwn(Command<?> command) {
            return (command instanceof CompleteTaskCmd || command instanceof SubmitTaskFormCmd)
                    && Context.getCommandContext() == null
                    && !TransactionSynchronizationManager.isActualTransactionActive();
        }
    }
}
