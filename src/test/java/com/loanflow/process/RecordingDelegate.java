package com.loanflow.process;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;

/**
 * A {@link JavaDelegate} test double for the process tests: records every successful call with the variables the
 * task saw, can fail its first attempts the way an outside system that is down does, and can set variables the way
 * the real delegate would.
 */
public final class RecordingDelegate implements JavaDelegate {

    /** One successful call: where it ran and the variables visible to it. */
    public record Call(String processInstanceId, String activityId, Map<String, Object> variables) {

        public Object variable(String name) {
            return variables.get(name);
        }
    }

    private final List<Call> calls = new ArrayList<>();
    private Consumer<DelegateExecution> behaviour = execution -> { };
    private Supplier<? extends RuntimeException> failure;
    private int failuresLeft;
    private int attempts;

    public static RecordingDelegate recording() {
        return new RecordingDelegate();
    }

    /** What the real delegate does to the process, e.g. set the variables the model reads next. */
    public RecordingDelegate doing(Consumer<DelegateExecution> behaviour) {
        this.behaviour = behaviour;
        return this;
    }

    /** The next {@code times} attempts throw; {@link Integer#MAX_VALUE} for an outage that never ends. */
    public RecordingDelegate failing(int times, Supplier<? extends RuntimeException> failure) {
        this.failuresLeft = times;
        this.failure = failure;
        return this;
    }

    @Override
    public void execute(DelegateExecution execution) {
        attempts++;
        if (failuresLeft > 0) {
            failuresLeft--;
            throw failure.get();
        }
        Map<String, Object> seen = new HashMap<>(execution.getVariables());
        behaviour.accept(execution);
        calls.add(new Call(execution.getProcessInstanceId(), execution.getCurrentActivityId(),
                Collections.unmodifiableMap(seen)));
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    /** Every call, failed ones included. */
    public int attempts() {
        return attempts;
    }

    public List<Object> calledWith(String variable) {
        return calls.stream().map(call -> call.variable(variable)).toList();
    }
}
