package com.loanflow.monitoring;

import static com.loanflow.process.ProcessConstants.VAR_ATTEMPT_ID;
import static com.loanflow.process.ProcessConstants.VAR_LOAN_ID;
import static com.loanflow.process.ProcessConstants.VAR_NOTICE_ID;

import com.loanflow.common.LogContext;
import com.loanflow.process.ExecutionVariables;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.delegate.DelegateInvocation;
import org.camunda.bpm.engine.impl.delegate.ExpressionGetInvocation;
import org.camunda.bpm.engine.impl.delegate.ExpressionSetInvocation;
import org.camunda.bpm.engine.impl.interceptor.DelegateInterceptor;
import org.springframework.stereotype.Component;

/**
 * Puts the loan, notice and attempt ids into the MDC whenever the engine runs LoanFlow code, so every log line a
 * delegate, listener or the engine itself writes during a job names them.
 *
 * <ul>
 *   <li>The engine's own logging context already holds {@code processInstanceId} and {@code activityId}; the
 *       business key is added as {@code loanId}, since every LoanFlow process (lifecycle and notices, which inherit
 *       it) is keyed by its loan. That covers the engine's lines too, such as a failed job's stack trace.</li>
 *   <li>Around each delegate and listener, the {@code loanId}, {@code noticeId} and {@code attemptId} variables are
 *       added, and the previous values restored afterwards (a delegate may run inside an HTTP request that set
 *       its own).</li>
 * </ul>
 */
@Component
class ProcessLoggingContext extends AbstractProcessEnginePlugin {

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        configuration.setLoggingContextBusinessKey(LogContext.LOAN_ID);
    }

    @Override
    public void postInit(ProcessEngineConfigurationImpl configuration) {
        // Wraps whichever interceptor init chose (the default one checks authorizations and switches into the
        // process application's context): only the MDC is added around it.
        configuration.setDelegateInterceptor(new IdsInMdc(configuration.getDelegateInterceptor()));
    }

    static final class IdsInMdc implements DelegateInterceptor {

        private final DelegateInterceptor next;

        IdsInMdc(DelegateInterceptor next) {
            this.next = next;
        }

        @Override
        public void handleInvocation(DelegateInvocation invocation) throws Exception {
            // Expressions (conditions, timer values, resolving a delegate bean) log nothing of their own and run
            // far more often than delegates; they get the engine's context only.
            if (invocation instanceof ExpressionGetInvocation || invocation instanceof ExpressionSetInvocation
                    || !(invocation.getContextExecution() instanceof DelegateExecution execution)) {
                next.handleInvocation(invocation);
                return;
            }
            String loanId = ExecutionVariables.string(execution, VAR_LOAN_ID);
            try (LogContext.Scope ids = LogContext.open(loanId != null ? loanId : execution.getProcessBusinessKey(),
                    ExecutionVariables.string(execution, VAR_NOTICE_ID),
                    ExecutionVariables.string(execution, VAR_ATTEMPT_ID))) {
                next.handleInvocation(invocation);
            }
        }
    }
}
