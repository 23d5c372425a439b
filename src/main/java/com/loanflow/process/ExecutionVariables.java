package com.loanflow.process;

import static com.loanflow.process.ProcessConstants.VAR_LOAN_ID;

import org.camunda.bpm.engine.delegate.VariableScope;

/** Typed reads of the few variables the models keep: ids and decisions. */
public final class ExecutionVariables {

    private ExecutionVariables() {
    }

    public static String loanId(VariableScope scope) {
        return string(scope, VAR_LOAN_ID);
    }

    public static String string(VariableScope scope, String name) {
        Object value = scope.getVariable(name);
        return value == null ? null : value.toString();
    }
}
